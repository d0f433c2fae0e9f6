namespace Imap.Testing.Dovecot;

/// <summary>STATUS values of a fixture mailbox.</summary>
public sealed record DovecotMailboxStatus(uint Messages, uint UidNext, uint UidValidity, ulong HighestModSeq);
