using Imap.Protocol.Model;

namespace Imap.Sync.Ports;

/// <summary>
/// What changed in the selected mailbox since a MODSEQ, asked after our own writes
/// (<see cref="IMailServer.FetchChangesSinceAsync"/>). <see cref="Changed"/>: the messages whose MODSEQ is
/// above it, with their current flags. <see cref="Vanished"/>: UIDs expunged (QRESYNC's VANISHED (EARLIER),
/// or without it every UID not present); it may also hold UIDs that never existed, so it is asked with
/// <see cref="UidSet.Contains"/> or by range and never enumerated. <see cref="ReportedModSeq"/>: the
/// highest MODSEQ the server had reported on this connection for this mailbox (HIGHESTMODSEQ codes, MODSEQ
/// of our STOREs) before the question was sent, 0 if none. Every change up to it was committed before the
/// question reached the server, so it is reflected in this answer. When it is not above the MODSEQ asked
/// about, the server may not have been asked at all (the lists are then empty and mean nothing).
/// </summary>
public sealed record ChangesSince(IReadOnlyList<MessageFlags> Changed, UidSet Vanished, ulong ReportedModSeq);
