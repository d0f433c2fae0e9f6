using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>APPENDUID data (UIDPLUS): the new UIDs in message order; empty when the server gave none.</summary>
/// <param name="UidValidity">The destination's UIDVALIDITY, or null.</param>
/// <param name="Uids">One UID per appended message, in the order given.</param>
public sealed record AppendResult(UidValidity? UidValidity, IReadOnlyList<Uid> Uids);
