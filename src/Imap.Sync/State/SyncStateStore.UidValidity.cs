namespace Imap.Sync.State;

// Recovering from a UIDVALIDITY change: the stored UIDs of a side (or both) no longer mean anything.
public sealed partial class SyncStateStore
{
    /// <summary>
    /// After <paramref name="side"/>'s UIDVALIDITY changed, in one commit: replaces every mapping of the
    /// mailbox with <paramref name="pairs"/> (the re-paired messages), drops the copy intents recorded under
    /// that side's void UIDs and those of the other side's messages now paired, records
    /// <paramref name="intents"/> (messages still to copy, each way), clears the side's restored marker and
    /// stores <paramref name="newState"/> for it. The other side's row is untouched.
    /// </summary>
    internal void ReplaceSide(long mailboxId, SyncSide side, SideState newState, IReadOnlyList<CompletedCopy> pairs, IReadOnlyList<CopyIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(intents);
        var other = side.Other();
        InTransaction(t =>
        {
            Execute(t, "DELETE FROM imapsync_flags WHERE idx = $idx", ("$idx", mailboxId));
            Execute(t, "DELETE FROM imapsync_emailid WHERE idx = $idx", ("$idx", mailboxId));
            Execute(t, "DELETE FROM mapping WHERE idx = $idx", ("$idx", mailboxId));
            Execute(t, "DELETE FROM imapsync_copy_intent WHERE idx = $idx AND source = $src", ("$idx", mailboxId), ("$src", side.Name()));
            Execute(t, "DELETE FROM imapsync_restored WHERE idx = $idx AND side = $side", ("$idx", mailboxId), ("$side", side.Name()));
            using var insertPair = PrepareInsertPair(t);
            using var setFlags = PrepareSetFlags(t);
            using var deleteIntent = PrepareDeleteIntent(t);
            foreach (var pair in pairs)
            {
                insertPair.Run(mailboxId, (long)pair.LocalUid, (long)pair.RemoteUid);
                setFlags.Run(mailboxId, (long)pair.LocalUid, pair.LocalFlags, pair.RemoteFlags);
                deleteIntent.Run(mailboxId, other.Name(), (long)pair.Uid(other));
            }

            RecordIntents(t, mailboxId, intents);

            WriteSide(t, side.Name(), mailboxId, newState);
        });
    }

    /// <summary>
    /// After both sides' UIDVALIDITY changed (or one did before any pass completed), in one commit: forgets
    /// every mapping, copy intent and restored marker of the mailbox and stores both sides as never
    /// synchronized, so the next pass is a first sync (adoption).
    /// </summary>
    internal void ResetMailbox(long mailboxId, SideState local, SideState remote) =>
        InTransaction(t =>
        {
            foreach (var table in (string[])["imapsync_flags", "imapsync_emailid", "imapsync_copy_intent", "imapsync_restored", "mapping"])
            {
                Execute(t, $"DELETE FROM {table} WHERE idx = $idx", ("$idx", mailboxId));
            }

            WriteSide(t, "local", mailboxId, local);
            WriteSide(t, "remote", mailboxId, remote);
        });
}
