namespace Imap.Sync;

/// <summary>
/// <c>personal-namespace</c>: whether a side's personal namespace prefix (RFC 2342, e.g. Cyrus's
/// <c>INBOX.</c>) is removed from its mailbox names, so <c>INBOX.work</c> there pairs with <c>work</c> on
/// a server whose folders are at the top level.
/// </summary>
public enum PersonalNamespaceMode
{
    /// <summary>
    /// Like <see cref="Yes"/> for a new database or one that recorded prefixes; like <see cref="No"/> for a
    /// database without that record (InterIMAP's, or ours from before), so its names keep their meaning.
    /// Also <see cref="No"/> when the side has a list reference.
    /// </summary>
    Auto,

    /// <summary>Ask the server (NAMESPACE) and map <c>prefix + name</c> to <c>name</c>; INBOX stays INBOX.</summary>
    Yes,

    /// <summary>Names exactly as listed (InterIMAP's behaviour).</summary>
    No,
}
