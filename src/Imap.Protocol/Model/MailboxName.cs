namespace Imap.Protocol.Model;

/// <summary>
/// A mailbox name: the Unicode <see cref="Name"/> and the <see cref="Wire"/> form the server used.
/// Any case variant of INBOX is INBOX. Keep <see cref="Wire"/> as the identity in persistent state, so a
/// non-canonical encoding from the server never turns into a rename.
/// </summary>
public sealed class MailboxName : IEquatable<MailboxName>
{
    /// <summary>Creates a name from Unicode; the wire form is canonical modified UTF-7.</summary>
    public MailboxName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = IsInboxName(name) ? "INBOX" : name;
        Wire = ModifiedUtf7.Encode(Name);
    }

    private MailboxName(string name, string wire)
    {
        Name = name;
        Wire = wire;
    }

    /// <summary>The name as Unicode text (INBOX in upper case).</summary>
    public string Name { get; }

    /// <summary>The name exactly as the server sent it (modified UTF-7, or UTF-8 in UTF8=ACCEPT mode).</summary>
    public string Wire { get; }

    /// <summary>True for INBOX in any case.</summary>
    public bool IsInbox => ReferenceEquals(Name, "INBOX") || Name == "INBOX";

    /// <summary>
    /// Creates a name from its wire form. With <paramref name="utf8"/> false the wire form is decoded as
    /// modified UTF-7 (leniently; an undecodable name keeps its wire text as its name).
    /// </summary>
    public static MailboxName FromWire(string wire, bool utf8 = false)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (IsInboxName(wire))
            return new MailboxName("INBOX", wire);
        if (utf8)
            return new MailboxName(wire, wire);
        return new MailboxName(ModifiedUtf7.TryDecode(wire, out var name) ? name : wire, wire);
    }

    private static bool IsInboxName(string name) => string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(MailboxName? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MailboxName);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The Unicode name.</summary>
    public override string ToString() => Name;
}
