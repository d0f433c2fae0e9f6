using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>
/// APPENDUID data (UIDPLUS): the new UIDs in message order; empty (and no UIDVALIDITY) when the server
/// gave none, or gave UIDs that do not line up one per message (a wrong count, replies that disagree):
/// such UIDs cannot say which message is which.
/// </summary>
/// <param name="UidValidity">The destination's UIDVALIDITY, or null.</param>
/// <param name="Uids">One UID per appended message, in the order given.</param>
public sealed record AppendResult(UidValidity? UidValidity, IReadOnlyList<Uid> Uids);
