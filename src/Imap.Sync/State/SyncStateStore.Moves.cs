namespace Imap.Sync.State;

// Moves replayed on the other side: the journal is the target mailbox's copy intents.
public sealed partial class SyncStateStore
{
    /// <summary>
    /// In one commit, after a move another client made on <paramref name="source"/> was replayed on the
    /// other side: drops the pairs of the moved messages in the mailbox they left (by local UID; both
    /// messages are gone from it) and, for the moves whose new UIDs the server gave, maps them in the
    /// mailbox they reached and removes their copy intents. A move without new UIDs keeps its intent:
    /// the target mailbox's pass finds the message by fingerprint, as after an APPEND without APPENDUID.
    /// </summary>
    internal void CompleteMoves(long fromMailboxId, IEnumerable<uint> leftLocalUids, long toMailboxId, SyncSide source, IReadOnlyList<CompletedCopy> arrived)
    {
        ArgumentNullException.ThrowIfNull(leftLocalUids);
        ArgumentNullException.ThrowIfNull(arrived);
        InTransaction(t =>
        {
            RemoveMappings(t, fromMailboxId, leftLocalUids);
            CompleteCopies(t, toMailboxId, source, arrived);
        });
    }
}
