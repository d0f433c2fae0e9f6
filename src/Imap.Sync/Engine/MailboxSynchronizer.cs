using Imap.Sync.Engine.Changes;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Synchronizes one mailbox: both sides selected at once through their change sources, interrupted copies
/// resumed, expunges and flag changes propagated, new messages copied both ways, and only then the new
/// UIDNEXT/HIGHESTMODSEQ of both sides committed together. A crash anywhere leaves the previous state
/// plus committed mappings, from which the next run converges (see <see cref="SyncStateStore"/>).
/// </summary>
internal sealed partial class MailboxSynchronizer
{
    private readonly SyncContext _context;
    private readonly MailboxPlan _plan;
    private readonly long _id;
    private readonly string _display;
    // One per target side: the two directions copy at once, and each keeps its own bookkeeping.
    private readonly MessageCopier _toLocal;
    private readonly MessageCopier _toRemote;
    private MovedIn? _movedIn; // pairs moves made here at the read barrier

    public MailboxSynchronizer(SyncContext context, MailboxPlan plan)
    {
        _context = context;
        _plan = plan;
        _id = plan.Row.Id;
        _display = context.LocalNaming.Display(plan.Row.Name);
        _toLocal = new MessageCopier(context, _id, _display);
        _toRemote = new MessageCopier(context, _id, _display);
    }

    /// <summary>True when LIST-STATUS shows nothing changed since the stored state on either side.</summary>
    public bool IsUnchanged()
    {
        if (_context.Repair || _plan.LocalStatus is not { } l || _plan.RemoteStatus is not { } r
            || _context.State.GetSideStates(_id) is not { } stored || _context.State.GetCopyIntents(_id).Count > 0
            || _context.State.GetRestoredSides(_id).Count > 0)
        {
            return false;
        }

        // Without MODSEQ a flag change does not show in STATUS, so such a side is always scanned.
        return Same(l, stored.Local) && Same(r, stored.Remote);

        static bool Same(MailboxStatus status, SideState side) =>
            side.HighestModSeq > 0 && status.UidValidity == side.UidValidity && status.UidNext == side.UidNext && status.HighestModSeq == side.HighestModSeq;
    }

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        _context.Reporter.Report(new SyncEvent(SyncEventKind.MailboxStarted, $"Synchronizing {_display}", null, _display));
        for (var attempt = 0; !await PassAsync(attempt, cancellationToken).ConfigureAwait(false); attempt++)
        {
            // A UIDVALIDITY change was recovered from: the pass starts again from the rewritten state.
        }

        _context.Reporter.Report(new SyncEvent(SyncEventKind.MailboxFinished, $"Synchronized {_display}", null, _display));
    }

    // False when the state was rewritten after a UIDVALIDITY change (nothing else done): run it again.
    private async Task<bool> PassAsync(int attempt, CancellationToken cancellationToken)
    {
        var stored = _context.State.GetSideStates(_id);
        _heldBack.Clear();

        var localQuery = Query(SyncSide.Local, stored?.Local);
        var remoteQuery = Query(SyncSide.Remote, stored?.Remote);
        var localTask = ReadChangesAsync(localQuery, cancellationToken).AsTask();
        var remoteTask = ReadChangesAsync(remoteQuery, cancellationToken).AsTask();
        // Both answered before a refusal on one side ends the pass: the connections go on with the next
        // mailbox, where this one's later reads would run and mix their replies with its own.
        await Task.WhenAll(localTask, remoteTask).ConfigureAwait(false);
        var local = await localTask.ConfigureAwait(false);
        var remote = await remoteTask.ConfigureAwait(false);

        if (await RecoverUidValidityAsync(local, remote, stored, attempt, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (stored is null)
        {
            // Rows exist before the first mapping is committed (InterIMAP's invariant); UIDNEXT 0 = never completed.
            _context.State.SaveSideStates(_id, new SideState(local.Selected.UidValidity, 0, 0), new SideState(remote.Selected.UidValidity, 0, 0));
        }

        var pending = _context.State.GetRestoredSides(_id);
        var restored = new Sides<bool>(
            IsRestored(SyncSide.Local, stored?.Local, local.Selected, pending),
            IsRestored(SyncSide.Remote, stored?.Remote, remote.Selected, pending));
        if (restored.Local && local.Kind != ChangeSourceKind.FullScan)
        {
            local = await FullScanChangeSource.ScanAsync(localQuery, local.Selected, cancellationToken).ConfigureAwait(false);
        }

        if (restored.Remote && remote.Kind != ChangeSourceKind.FullScan)
        {
            remote = await FullScanChangeSource.ScanAsync(remoteQuery, remote.Selected, cancellationToken).ConfigureAwait(false);
        }

        if (_context.Barrier is { } barrier)
        {
            // Everything above only read the servers (and the database): nothing is written before
            // every mailbox synchronized with this one has read its changes too.
            var read = new MailboxChanges(_plan, local, remote) { LocalServer = _context.Local, RemoteServer = _context.Remote };
            await barrier.ArriveAsync(read, cancellationToken).ConfigureAwait(false);

            // Every mailbox of the wave has started by now, so a graceful stop that came meanwhile is
            // honoured here, before anything is written, not only between waves.
            if (_context.Options.StopRequested.IsCancellationRequested)
            {
                throw new MailboxStoppedException();
            }

            // Moves replayed at the barrier left pairs in this mailbox whose flags are merged like any change.
            if (_context.Moves?.TakeArrived(_id) is { } arrived)
            {
                _movedIn = arrived;
                local = arrived.AddTo(SyncSide.Local, local);
                remote = arrived.AddTo(SyncSide.Remote, remote);
            }
        }

        var sides = new SidePair(new(local, remote), stored is { } s ? new(s.Local, s.Remote) : null, restored);
        var separated = await SeparateReusedUidsAsync(sides, cancellationToken).ConfigureAwait(false);
        var recopy = await ResumeInterruptedCopiesAsync(sides, cancellationToken).ConfigureAwait(false);
        recopy.Local.AddRange(separated.Local);
        recopy.Remote.AddRange(separated.Remote);
        _checkSince = CheckSinceAfterKnownChanges(sides, recopy);
        var fromKnown = await ApplyKnownChangesAsync(sides, cancellationToken).ConfigureAwait(false);
        _checkSince = default;
        recopy.Local.AddRange(fromKnown.Local);
        recopy.Remote.AddRange(fromKnown.Remote);
        var (uidNext, modSeq) = await CopyNewMessagesAsync(sides, recopy, cancellationToken).ConfigureAwait(false);

        // Invariants 2 and 3: every message below UIDNEXT is copied and mapped, every change up to the
        // SELECT's HIGHESTMODSEQ is applied, and past it only our own writes (see ModSeqsToStoreAsync;
        // a side whose flag changes could not all be stored keeps its old value instead);
        // both sides in one commit, which also ends any restore recovery.
        _context.State.CompletePass(
            _id,
            new SideState(local.Selected.UidValidity, uidNext.Local, modSeq.Local),
            new SideState(remote.Selected.UidValidity, uidNext.Remote, modSeq.Remote));
        return true;
    }

    private MessageCopier CopierTo(SyncSide target) => target == SyncSide.Local ? _toLocal : _toRemote;

    private ChangeQuery Query(SyncSide side, SideState? stored) =>
        new(_context.Server(side), _plan.Name(side), stored, new MappedUids(_context.State, _id, side));

    private async ValueTask<SideChanges> ReadChangesAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var source = ChangeSources.For(query.Server.Features, _context.Options.MaxChangeSource, query, _context.Repair);
        var changes = await source.ReadAsync(query, cancellationToken).ConfigureAwait(false);

        // MODSEQs the server gave the lie to while we read (negative ones, Zoho) are not recorded: the
        // stored HIGHESTMODSEQ stays 0, so every run reads this mailbox in full.
        return query.Server.SelectedModSeqUnusable && changes.Selected.HighestModSeq != 0
            ? changes with { Selected = changes.Selected with { HighestModSeq = 0 } }
            : changes;
    }

    // A side restored from a backup stays restored until a pass completes: our own copy-back APPENDs
    // or new mail can push its UIDNEXT/HIGHESTMODSEQ past the stored values before then, and a run
    // that died meanwhile must not take the messages still missing there for expunges. The marker is
    // committed before anything is changed.
    private bool IsRestored(SyncSide side, SideState? stored, SelectedMailboxState selected, IReadOnlyList<SyncSide> pending)
    {
        if (IsBackwards(side, stored, selected))
        {
            if (!pending.Contains(side))
            {
                _context.State.MarkRestored(_id, side);
            }

            return true;
        }

        if (pending.Contains(side))
        {
            _context.Reporter.Warning(
                "Resuming the recovery of a server restored from a backup: missing messages are still copied back, not deleted on the other side, and flags merged as the union.",
                side,
                _display);
            return true;
        }

        return false;
    }

    // A mailbox restored from a backup: its state went backwards. Its missing messages are not
    // deletions; they are copied back from the other side instead of expunging the only copy.
    private bool IsBackwards(SyncSide side, SideState? stored, SelectedMailboxState selected)
    {
        if (stored is not { UidNext: > 0 } s)
        {
            return false;
        }

        var backwards = selected.UidNext < s.UidNext || (s.HighestModSeq > 0 && selected.HighestModSeq > 0 && selected.HighestModSeq < s.HighestModSeq);
        if (backwards)
        {
            _context.Reporter.Warning(
                $"State went backwards (UIDNEXT {selected.UidNext} < {s.UidNext} or HIGHESTMODSEQ {selected.HighestModSeq} < {s.HighestModSeq}): "
                + "restored from a backup? Missing messages will be copied back, not deleted on the other side, and flags that differ merged as the union, none removed.",
                side,
                _display);
        }

        return backwards;
    }

    /// <summary>Both sides' answers and what the database had before this pass.</summary>
    private sealed record SidePair(Sides<SideChanges> Changes, Sides<SideState>? Stored, Sides<bool> RestoredSides)
    {
        public SideChanges Local => Changes.Local;

        public SideChanges Remote => Changes.Remote;

        public SideChanges Of(SyncSide side) => Changes[side];

        public SideState? StoredOf(SyncSide side) => Stored?[side];

        /// <summary>The side's server was found restored from a backup (see <see cref="IsRestored"/>).</summary>
        public bool Restored(SyncSide side) => RestoredSides[side];

        /// <summary>No pass ever completed on either side: the mailbox's first sync (or its resumption).</summary>
        public bool FirstPass => StoredOf(SyncSide.Local) is not { UidNext: > 0 } && StoredOf(SyncSide.Remote) is not { UidNext: > 0 };
    }

}
