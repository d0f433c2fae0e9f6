using Imap.Sync.Engine.Changes;
using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>
/// The pairs a replayed move created in a mailbox, with the flags each side holds now. They were
/// unmapped when the mailbox read its changes, so its pass is told them as changes: their record is
/// the pair's in the mailbox they left, and the usual merge decides (a flag set on the moved message
/// reaches the other side's copy; flags changed on both sides become the union).
/// </summary>
internal sealed class MovedIn
{
    private readonly Sides<Dictionary<uint, MessageFlags>> _moved = Sides<Dictionary<uint, MessageFlags>>.Each(() => []);

    private readonly Lock _lock = new();

    // Moves from several mailboxes into this one are replayed at once.
    public void Add(SyncSide side, MessageFlags flags)
    {
        lock (_lock)
        {
            _moved[side][flags.Uid] = flags;
        }
    }

    /// <summary>
    /// The MODSEQ a moved message had when its flags were read (after the SELECT, so above its
    /// HIGHESTMODSEQ): a STORE to it is conditional on that, not on the SELECT's, or it would always
    /// be refused as changed.
    /// </summary>
    public ulong? SeenAt(SyncSide side, uint uid)
    {
        lock (_lock)
        {
            return _moved[side].TryGetValue(uid, out var flags) && flags.ModSeq > 0 ? flags.ModSeq : null;
        }
    }

    public SideChanges AddTo(SyncSide side, SideChanges changes)
    {
        var moved = _moved[side];
        if (moved.Count == 0)
        {
            return changes;
        }

        var changed = new Dictionary<uint, MessageFlags>(changes.Changed);
        foreach (var (uid, flags) in moved)
        {
            changed.TryAdd(uid, flags);
        }

        return changes with { Changed = changed };
    }
}
