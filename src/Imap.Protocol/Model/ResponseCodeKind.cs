namespace Imap.Protocol.Model;

/// <summary>The response codes (text inside <c>[...]</c>) the library understands; others are <see cref="Unknown"/>.</summary>
public enum ResponseCodeKind
{
    /// <summary>A code not listed here; its atom and raw text are kept.</summary>
    Unknown = 0,

    /// <summary>ALERT: the text must be shown to the user.</summary>
    Alert,

    /// <summary>CAPABILITY with the capability list.</summary>
    Capability,

    /// <summary>PARSE: the server could not parse a message's headers.</summary>
    Parse,

    /// <summary>PERMANENTFLAGS with the flags and whether new keywords may be created (<c>\*</c>).</summary>
    PermanentFlags,

    /// <summary>READ-ONLY</summary>
    ReadOnly,

    /// <summary>READ-WRITE</summary>
    ReadWrite,

    /// <summary>TRYCREATE: the target mailbox does not exist.</summary>
    TryCreate,

    /// <summary>UIDNEXT with the next UID.</summary>
    UidNext,

    /// <summary>UIDVALIDITY with the value.</summary>
    UidValidity,

    /// <summary>UNSEEN with the first unseen message number.</summary>
    Unseen,

    /// <summary>APPENDUID (RFC 4315) with UIDVALIDITY and the appended UIDs.</summary>
    AppendUid,

    /// <summary>COPYUID (RFC 4315) with UIDVALIDITY, source and destination UIDs.</summary>
    CopyUid,

    /// <summary>UIDNOTSTICKY (RFC 4315): UIDs of the mailbox are not persistent.</summary>
    UidNotSticky,

    /// <summary>HIGHESTMODSEQ (RFC 7162) with the value.</summary>
    HighestModSeq,

    /// <summary>NOMODSEQ (RFC 7162): no mod-sequences in this mailbox.</summary>
    NoModSeq,

    /// <summary>MODIFIED (RFC 7162) with the messages a conditional STORE did not change.</summary>
    Modified,

    /// <summary>CLOSED (RFC 7162): the previous mailbox was closed.</summary>
    Closed,

    /// <summary>COMPRESSIONACTIVE (RFC 4978).</summary>
    CompressionActive,

    /// <summary>TOOBIG (RFC 4469/7889).</summary>
    TooBig,

    /// <summary>OVERQUOTA (RFC 5530/9208).</summary>
    OverQuota,

    /// <summary>ALREADYEXISTS (RFC 5530).</summary>
    AlreadyExists,

    /// <summary>NONEXISTENT (RFC 5530).</summary>
    Nonexistent,

    /// <summary>CANNOT (RFC 5530).</summary>
    Cannot,

    /// <summary>LIMIT (RFC 5530).</summary>
    Limit,

    /// <summary>INUSE (RFC 5530).</summary>
    InUse,

    /// <summary>SERVERBUG (RFC 5530).</summary>
    ServerBug,

    /// <summary>CLIENTBUG (RFC 5530).</summary>
    ClientBug,

    /// <summary>NOTIFICATIONOVERFLOW (RFC 5465): notifications were dropped; resynchronize.</summary>
    NotificationOverflow,

    /// <summary>BADEVENT (RFC 5465) with the raw list of supported events.</summary>
    BadEvent,

    /// <summary>MAILBOXID (RFC 8474) with the id.</summary>
    MailboxId,

    /// <summary>AUTHENTICATIONFAILED (RFC 5530).</summary>
    AuthenticationFailed,

    /// <summary>UNAVAILABLE (RFC 5530).</summary>
    Unavailable,

    /// <summary>NOPERM (RFC 5530).</summary>
    NoPerm,

    /// <summary>EXPUNGEISSUED (RFC 5530).</summary>
    ExpungeIssued,

    /// <summary>CORRUPTION (RFC 5530).</summary>
    Corruption,

    /// <summary>PRIVACYREQUIRED (RFC 5530).</summary>
    PrivacyRequired,

    /// <summary>CONTACTADMIN (RFC 5530).</summary>
    ContactAdmin,

    /// <summary>EXPIRED (RFC 5530).</summary>
    Expired,
}
