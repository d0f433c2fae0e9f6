namespace Imap.Sync.Ports;

/// <summary>
/// The APPENDUID of an APPEND: target UIDVALIDITY and the new UIDs in append order; both null when the
/// server did not say (the engine then finds the messages by fingerprint).
/// </summary>
public sealed record AppendedUids(uint? UidValidity, IReadOnlyList<uint>? Uids);
