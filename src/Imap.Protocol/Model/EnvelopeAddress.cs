namespace Imap.Protocol.Model;

/// <summary>
/// One ENVELOPE address. RFC 3501 group syntax: an address with <see cref="Host"/> null and a
/// <see cref="Mailbox"/> starts group <see cref="Mailbox"/>; one with both null ends the group.
/// </summary>
/// <param name="Name">Display name, or null.</param>
/// <param name="Route">Source route (obsolete), or null.</param>
/// <param name="Mailbox">Local part, or the group name, or null.</param>
/// <param name="Host">Domain, or null for group markers.</param>
public sealed record EnvelopeAddress(string? Name, string? Route, string? Mailbox, string? Host)
{
    /// <summary>True for the start of a group.</summary>
    public bool IsGroupStart => Host is null && Mailbox is not null;

    /// <summary>True for the end of a group.</summary>
    public bool IsGroupEnd => Host is null && Mailbox is null;

    /// <summary>The <c>mailbox@host</c> address, or null for group markers.</summary>
    public string? Address => Host is null ? null : $"{Mailbox}@{Host}";
}
