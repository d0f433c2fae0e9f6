using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>COPYUID data (UIDPLUS) of UID COPY or UID MOVE.</summary>
/// <param name="UidValidity">The destination's UIDVALIDITY, or null when no COPYUID came.</param>
/// <param name="Mapping">Source UID to destination UID pairs.</param>
public sealed record CopyResult(UidValidity? UidValidity, IReadOnlyList<KeyValuePair<Uid, Uid>> Mapping);
