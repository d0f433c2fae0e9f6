using System.Globalization;
using Imap.Sync.Engine.Changes;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// Recovery from a UIDVALIDITY change (server migration, mailbox recreated, index rebuilt).
//
// The side whose UIDVALIDITY changed (X) keeps its messages but its stored UIDs are void. Its current
// messages are re-paired with the other side's (O's) by the adoption rule (AdoptionMatcher: Message-ID,
// size and date; no Message-ID, no pair), and the result is committed at once, before anything is
// copied (SyncStateStore.ReplaceSide): the new pairs, with O's recorded flags and X's unknown; a copy
// intent for each O message X should hold but lacks (copy back: whether X lost it or its user deleted
// it before the change cannot be told, and resurrecting is the safe side) and for each X message O
// lacks (copy over); and X's new UIDVALIDITY with its UIDNEXT at the SELECT and HIGHESTMODSEQ 0. The
// pass then starts again from that state, exactly as a run killed right after the commit would: the
// copy intents are resolved and copied by ResumeInterruptedCopiesAsync (looking first for what
// already arrived), HIGHESTMODSEQ 0 makes X fully scanned, and X's flags are merged with O's record
// by the union in PlanPair. So a kill before the commit leaves the old state (the next run recovers
// again), and a kill after it leaves a state the normal crash-safe machinery finishes.
// Nothing is expunged because of the change: O's messages X lacks are copied, never deleted.
internal sealed partial class MailboxSynchronizer
{
    // Set once this run re-paired a side: the copy intents the restarted pass meets are its own.
    private bool _rePaired;

    /// <summary>
    /// When a side's UIDVALIDITY differs from the stored one, rewrites the mailbox's state as described
    /// above and returns true: the pass must start again. Both sides changed (or no pass ever completed)
    /// make the mailbox a first sync again. A change seen again on the restarted pass is an error.
    /// </summary>
    private async Task<bool> RecoverUidValidityAsync(SideChanges local, SideChanges remote, (SideState Local, SideState Remote)? stored, int attempt, CancellationToken cancellationToken)
    {
        if (stored is not { } s)
        {
            return false;
        }

        var localChanged = s.Local.UidValidity != local.Selected.UidValidity;
        var remoteChanged = s.Remote.UidValidity != remote.Selected.UidValidity;
        if (!localChanged && !remoteChanged)
        {
            return false;
        }

        var side = localChanged ? SyncSide.Local : SyncSide.Remote;
        var old = localChanged ? s.Local.UidValidity : s.Remote.UidValidity;
        var now = localChanged ? local.Selected.UidValidity : remote.Selected.UidValidity;
        if (attempt > 0)
        {
            throw new SyncException(
                $"UIDVALIDITY changed again ({old} -> {now}) while recovering from a UIDVALIDITY change of {_display}; nothing more was changed. "
                + "Run imapsync again once the server's mailbox is stable.",
                side,
                _display);
        }

        if ((localChanged && remoteChanged) || (s.Local.UidNext == 0 && s.Remote.UidNext == 0))
        {
            _context.State.ResetMailbox(_id, new SideState(local.Selected.UidValidity, 0, 0), new SideState(remote.Selected.UidValidity, 0, 0));
            _context.Reporter.Report(new SyncEvent(
                SyncEventKind.UidValidityRecovered,
                $"UIDVALIDITY changed (local {s.Local.UidValidity} -> {local.Selected.UidValidity}, remote {s.Remote.UidValidity} -> {remote.Selected.UidValidity}): "
                + "the stored UIDs are void on both sides, so the mailbox is synchronized like a first sync (messages with the same Message-ID, size and date are paired, the others copied).",
                localChanged && remoteChanged ? null : side,
                _display));
            return true;
        }

        await ReplaceSideAsync(side, old, side == SyncSide.Local ? local : remote, side == SyncSide.Local ? remote : local, s, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ReplaceSideAsync(SyncSide side, uint oldValidity, SideChanges changed, SideChanges other, (SideState Local, SideState Remote) stored, CancellationToken cancellationToken)
    {
        var otherSide = side.Other();
        var selected = changed.Selected;
        var mappings = _context.State.GetMappings(_id);
        uint OtherUid(MappedPair m) => m.Uid(otherSide);

        // What X should hold of O: its mapped messages still there (with the flags last agreed), those
        // whose copy to X was in flight, and its new ones (paired here rather than copied if X already
        // has them, e.g. appended just before the change).
        var recorded = mappings.Where(m => !other.Vanished.Contains(OtherUid(m)))
            .ToDictionary(OtherUid, m => m.Flags(otherSide));
        var owed = recorded.Keys.ToHashSet();
        owed.UnionWith(_context.State.GetCopyIntents(_id).Where(i => i.Source == otherSide).Select(i => i.SourceUid));
        var otherNext = Math.Max(otherSide == SyncSide.Local ? stored.Local.UidNext : stored.Remote.UidNext, 1);
        var candidates = new HashSet<uint>(owed);
        if (other.Selected.UidNext > otherNext)
        {
            candidates.UnionWith(await _context.Server(otherSide).FetchUidsAsync(otherNext, other.Selected.UidNext - 1, cancellationToken).ConfigureAwait(false));
        }

        IReadOnlyList<uint> present = selected.UidNext > 1
            ? await _context.Server(side).FetchUidsAsync(1, selected.UidNext - 1, cancellationToken).ConfigureAwait(false)
            : [];
        var presentTask = FingerprintBatches.FetchAsync(_context.Server(side), present, FingerprintBatches.BatchSize, cancellationToken);
        var otherTask = FingerprintBatches.FetchAsync(_context.Server(otherSide), [.. candidates.Order()], FingerprintBatches.BatchSize, cancellationToken);
        await Task.WhenAll(presentTask, otherTask).ConfigureAwait(false); // neither left running on a failure of the other
        var (presentPrints, otherPrints) = (await presentTask.ConfigureAwait(false), await otherTask.ConfigureAwait(false));
        var matched = side == SyncSide.Local ? AdoptionMatcher.Match(presentPrints, otherPrints) : AdoptionMatcher.Match(otherPrints, presentPrints);

        // X's flags are unknown (null): PlanPair compares them with O's record and merges by union.
        var pairs = matched.Select(p => side == SyncSide.Local
            ? p with { RemoteFlags = recorded.GetValueOrDefault(p.RemoteUid) }
            : p with { LocalFlags = recorded.GetValueOrDefault(p.LocalUid) }).ToList();
        var pairedHere = pairs.Select(p => p.Uid(side)).ToHashSet();
        var pairedThere = pairs.Select(p => p.Uid(side.Other())).ToHashSet();
        var copyBack = otherPrints.Where(p => owed.Contains(p.Uid) && !pairedThere.Contains(p.Uid)).Select(p => Intent(otherSide, p)).ToList();
        var copyOver = presentPrints.Where(p => !pairedHere.Contains(p.Uid)).Select(p => Intent(side, p)).ToList();

        _context.State.ReplaceSide(_id, side, new SideState(selected.UidValidity, selected.UidNext, 0), pairs, [.. copyBack, .. copyOver]);
        _rePaired = true;
        var withoutId = copyBack.Concat(copyOver).Count(i => i.MessageId is null);
        _context.Reporter.Report(new SyncEvent(
            SyncEventKind.UidValidityRecovered,
            $"UIDVALIDITY changed ({oldValidity} -> {selected.UidValidity}): the stored UIDs of {side.Name()} are void. "
            + $"Re-paired {pairs.Count} message(s) by Message-ID, size and date; {copyBack.Count} to copy back to {side.Name()}, {copyOver.Count} to copy over to {otherSide.Name()}. "
            + (withoutId > 0 ? $"{withoutId} of these have no Message-ID, are never re-paired, and may end up twice. " : "")
            + "Nothing is expunged for this.",
            side,
            _display,
            pairs.Count));
    }

    // A new message from side's point of view, or one still owed: copied by the restarted pass, which
    // first looks for it on the target like any interrupted copy.
    private static CopyIntent Intent(SyncSide source, MessageFingerprint print) =>
        new(source, print.Uid, print.Size, print.InternalDate?.ToString("o", CultureInfo.InvariantCulture), print.MessageId);
}
