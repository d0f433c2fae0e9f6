namespace Imap.Sync.Ports;

/// <summary>
/// The COPYUID of a move: the target mailbox's UIDVALIDITY and the new UID of each moved message, by
/// its UID in the source mailbox; both empty when the server did not say (the messages moved all the
/// same: the engine then finds them by fingerprint).
/// </summary>
public sealed record MovedUids(uint? UidValidity, IReadOnlyDictionary<uint, uint> Uids);
