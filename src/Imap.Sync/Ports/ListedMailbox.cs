namespace Imap.Sync.Ports;

/// <summary>
/// A LIST reply. <see cref="Name"/> is the full wire-form name; <see cref="Attributes"/> as sent
/// (e.g. <c>\NoSelect</c>, <c>\NonExistent</c>, <c>\Subscribed</c>); <see cref="Status"/> from LIST-STATUS.
/// </summary>
public sealed record ListedMailbox(string Name, char? Delimiter, IReadOnlyList<string> Attributes, MailboxStatus? Status)
{
    /// <summary>The mailbox exists and can be selected.</summary>
    public bool Selectable => !HasAttribute("\\NoSelect") && !HasAttribute("\\NonExistent");

    /// <summary>The mailbox is subscribed.</summary>
    public bool Subscribed => HasAttribute("\\Subscribed");

    /// <summary>Case-insensitive attribute test.</summary>
    public bool HasAttribute(string attribute) =>
        Attributes.Any(a => string.Equals(a, attribute, StringComparison.OrdinalIgnoreCase));
}
