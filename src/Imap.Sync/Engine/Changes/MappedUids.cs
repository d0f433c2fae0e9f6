using Imap.Protocol.Model;
using Imap.Sync.State;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// One side's mapped UIDs, read from the state store as a change source asks: a source told which UIDs
/// changed (QRESYNC) reads only their rows, so an incremental pass costs what changed, not the mailbox;
/// one that compares every UID (CONDSTORE's expunge check, a full scan) reads them all, once.
/// </summary>
internal sealed class MappedUids(SyncStateStore state, long mailboxId, SyncSide side)
{
    private Dictionary<uint, string?>? _all;

    /// <summary>The highest mapped UID, 0 when none.</summary>
    public uint Highest() => _all is { } all ? all.Keys.DefaultIfEmpty(0u).Max() : state.GetHighestMappedUid(mailboxId, side);

    /// <summary>
    /// Every mapped UID with the flags last recorded for it (null = unknown), read on first use.
    /// </summary>
    public IReadOnlyDictionary<uint, string?> All => _all ??= state.GetMappings(mailboxId).ToDictionary(
        m => m.Uid(side),
        m => m.Flags(side));

    /// <summary>Which of these UIDs are mapped.</summary>
    public HashSet<uint> Among(IEnumerable<uint> uids) => [.. state.GetMappedUids(mailboxId, side, uids.Select(u => (u, u)))];

    /// <summary>
    /// The mapped UIDs a server's VANISHED ranges name: a range claiming the whole UID space costs as much
    /// as the mapped UIDs in it, not 4 billion entries.
    /// </summary>
    public HashSet<uint> Within(UidSet ranges) => [.. state.GetMappedUids(mailboxId, side, ranges.Ranges.Select(r => (r.First, r.Last)))];
}
