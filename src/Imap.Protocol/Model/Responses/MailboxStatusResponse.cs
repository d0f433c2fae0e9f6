namespace Imap.Protocol.Model;

/// <summary>Untagged <c>STATUS</c>: items present in the response are set, the others are null.</summary>
public sealed class MailboxStatusResponse : ImapResponse
{
    /// <summary>Creates a STATUS response for <paramref name="mailbox"/>.</summary>
    public MailboxStatusResponse(MailboxName mailbox) => Mailbox = mailbox;

    /// <summary>The mailbox. Match STATUS to LIST by name, never by position.</summary>
    public MailboxName Mailbox { get; }

    /// <summary>MESSAGES</summary>
    public uint? Messages { get; init; }

    /// <summary>RECENT</summary>
    public uint? Recent { get; init; }

    /// <summary>UIDNEXT</summary>
    public Uid? UidNext { get; init; }

    /// <summary>UIDVALIDITY</summary>
    public UidValidity? UidValidity { get; init; }

    /// <summary>UNSEEN</summary>
    public uint? Unseen { get; init; }

    /// <summary>HIGHESTMODSEQ (RFC 7162)</summary>
    public ModSeq? HighestModSeq { get; init; }

    /// <summary>SIZE (RFC 8438)</summary>
    public ulong? Size { get; init; }

    /// <summary>MAILBOXID (RFC 8474)</summary>
    public string? MailboxId { get; init; }
}
