namespace Imap.Protocol.Client;

/// <summary>STATUS data items to request (also used by LIST ... RETURN (STATUS (...))).</summary>
[Flags]
public enum StatusItems
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>MESSAGES.</summary>
    Messages = 1,

    /// <summary>RECENT.</summary>
    Recent = 2,

    /// <summary>UIDNEXT.</summary>
    UidNext = 4,

    /// <summary>UIDVALIDITY.</summary>
    UidValidity = 8,

    /// <summary>UNSEEN.</summary>
    Unseen = 16,

    /// <summary>HIGHESTMODSEQ (CONDSTORE).</summary>
    HighestModSeq = 32,

    /// <summary>SIZE (STATUS=SIZE).</summary>
    Size = 64,

    /// <summary>MAILBOXID (OBJECTID).</summary>
    MailboxId = 128,
}
