namespace Imap.Protocol.Model;

/// <summary>Untagged <c>LIST</c> or <c>LSUB</c>, with LIST-EXTENDED data (CHILDINFO, OLDNAME).</summary>
public sealed class ListResponse : ImapResponse
{
    /// <summary>Creates a LIST/LSUB response.</summary>
    public ListResponse(IReadOnlyList<string> attributes, char? delimiter, MailboxName mailbox, bool isLsub)
    {
        Attributes = attributes;
        Delimiter = delimiter;
        Mailbox = mailbox;
        IsLsub = isLsub;
    }

    /// <summary>The name attributes as sent (<c>\Noselect</c>, <c>\HasChildren</c>, <c>\Sent</c>…).</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>The hierarchy delimiter, or null for a flat namespace (NIL).</summary>
    public char? Delimiter { get; }

    /// <summary>The mailbox name.</summary>
    public MailboxName Mailbox { get; }

    /// <summary>True for LSUB.</summary>
    public bool IsLsub { get; }

    /// <summary>CHILDINFO values (e.g. <c>SUBSCRIBED</c>), empty when absent.</summary>
    public IReadOnlyList<string> ChildInfo { get; init; } = [];

    /// <summary>OLDNAME: the name before a rename, or null.</summary>
    public MailboxName? OldName { get; init; }

    /// <summary>True when <paramref name="attribute"/> (e.g. <c>\Noselect</c>) is present, case-insensitive.</summary>
    public bool HasAttribute(string attribute) => Attributes.Contains(attribute, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the mailbox cannot be selected (<c>\Noselect</c> or <c>\NonExistent</c>).</summary>
    public bool IsNoSelect => HasAttribute(@"\Noselect") || HasAttribute(@"\NonExistent");
}
