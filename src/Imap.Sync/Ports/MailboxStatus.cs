namespace Imap.Sync.Ports;

/// <summary>STATUS data; <see cref="HighestModSeq"/> is 0 when the server has no MODSEQ for the mailbox.</summary>
public readonly record struct MailboxStatus(uint UidValidity, uint UidNext, ulong HighestModSeq);
