using System.Collections.Concurrent;
using System.Globalization;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Replays on the other side the moves another client made between mailboxes, at the read barrier
/// (every mailbox of the wave has read its changes, none has written): a mapped message gone from
/// mailbox A on one side whose twin is still in A on the other, and an unmapped message new in mailbox
/// B on the first side, with the same identity (see <see cref="MoveMatcher"/>), are one message moved.
/// The twin is then moved to B on the other side (UID MOVE, or COPY and EXPUNGE), so nothing is copied
/// again, and the pair follows it. Only when the other side can move single messages (MOVE or UIDPLUS).
/// <para>
/// Crash safety: before the MOVE a copy intent is journaled in B for the arrived message, as before an
/// APPEND; the commit after it drops A's pair and maps B's in one transaction. A run killed in between
/// leaves the intent: B's next pass finds the moved message there by fingerprint and pairs it, not
/// copying it again, and A's pair (gone on the first side) removes the twin wherever it still is.
/// Arrivals with an intent are left to that, never moved a second time.
/// </para>
/// </summary>
internal sealed partial class MoveReplayer(SyncContext context)
{
    // New UIDs up to this many are fetched by range without a UID SEARCH first.
    private const uint DirectRange = 4 * FingerprintBatches.BatchSize;

    private readonly ConcurrentDictionary<long, MovedIn> _arrived = new();

    /// <summary>The pairs moves created in this mailbox during this wave, once (see <see cref="MovedIn"/>).</summary>
    public MovedIn? TakeArrived(long mailboxId) => _arrived.TryRemove(mailboxId, out var moved) ? moved : null;

    /// <summary>The read barrier's hook: replays the moves made on each side in turn.</summary>
    public async Task ReplayAsync(IReadOnlyList<MailboxChanges> wave, CancellationToken cancellationToken)
    {
        // A restored side's missing messages are not moves, nor are what repair finds unmapped.
        var eligible = wave.Where(c => c.LocalServer is not null && c.RemoteServer is not null && context.State.GetRestoredSides(c.Plan.Row.Id).Count == 0).ToList();
        // After a stop request the mailboxes stop at the barrier: nothing is started that they would finish.
        if (context.Repair || eligible.Count < 2 || context.Options.StopRequested.IsCancellationRequested)
        {
            return;
        }

        await ReplaySideAsync(SyncSide.Local, eligible, cancellationToken).ConfigureAwait(false);
        await ReplaySideAsync(SyncSide.Remote, eligible, cancellationToken).ConfigureAwait(false);
        await PairMovedOnBothSidesAsync(eligible, cancellationToken).ConfigureAwait(false);
    }

    // Moves another client made on `side`, replayed on the other.
    private async Task ReplaySideAsync(SyncSide side, List<MailboxChanges> wave, CancellationToken cancellationToken)
    {
        var features = context.Server(side.Other()).Features;
        if (!features.Move && !features.UidPlus)
        {
            return;
        }

        var departed = wave.Select(c => (Changes: c, Pairs: Departed(c, side))).Where(d => d.Pairs.Count > 0).ToList();
        var arriving = wave.Where(c => ArrivalRange(c, side) is not null).ToList();
        // A move needs two mailboxes: an expunge or new mail alone, or both in one mailbox, costs no round trip here.
        if (!arriving.Any(a => departed.Any(d => d.Changes.Plan.Row.Id != a.Plan.Row.Id)))
        {
            return;
        }

        var departuresTask = Task.WhenAll(departed.Select(d => DeparturesAsync(d.Changes, d.Pairs, side, cancellationToken)));
        var arrivalsTask = Task.WhenAll(arriving.Select(c => ArrivalsAsync(c, side, cancellationToken)));
        await Task.WhenAll(departuresTask, arrivalsTask).ConfigureAwait(false);
        var moves = MoveMatcher.Match((await departuresTask.ConfigureAwait(false)).SelectMany(d => d), (await arrivalsTask.ConfigureAwait(false)).SelectMany(a => a));
        var groups = moves.GroupBy(m => (m.Departure.From.Plan.Row.Id, m.Arrival.To.Plan.Row.Id)).Select(g => g.OrderBy(m => m.Arrival.Print.Uid).ToList());
        await Task.WhenAll(groups.Select(g => ReplayAsync(side, g, cancellationToken))).ConfigureAwait(false);
    }

    // Mapped pairs gone on `side` whose twin the other side did not report gone.
    private List<MappedPair> Departed(MailboxChanges changes, SyncSide side)
    {
        var gone = changes.Of(side).Vanished;
        if (gone.Count == 0 || changes.Of(side).ConfirmedVanished is not null)
        {
            return [];
        }

        var otherGone = changes.Of(side.Other()).Vanished;
        var pairs = side == SyncSide.Local ? context.State.GetMappings(changes.Plan.Row.Id, gone, []) : context.State.GetMappings(changes.Plan.Row.Id, [], gone);
        return [.. pairs.Where(p => !otherGone.Contains(p.Uid(side.Other())))];
    }

    private async Task<IEnumerable<MoveDeparture>> DeparturesAsync(MailboxChanges changes, List<MappedPair> pairs, SyncSide side, CancellationToken cancellationToken)
    {
        var other = side.Other();
        var server = changes.Server(other)!;
        var byTwin = pairs.ToDictionary(p => p.Uid(other));
        var twins = byTwin.Keys.Order().ToList();
        // The vanished messages' ids can no longer be fetched: they were recorded when the pairs were made.
        var emailIds = context.Server(side).Features.MessageIds ? context.State.GetEmailIds(changes.Plan.Row.Id, side, pairs.Select(p => p.LocalUid)) : [];
        var prints = await FingerprintBatches.FetchAsync(server, twins, FingerprintBatches.BatchSize, cancellationToken).ConfigureAwait(false);
        return prints.Where(p => byTwin.ContainsKey(p.Uid)).Select(p => new MoveDeparture(changes, byTwin[p.Uid], p, emailIds.GetValueOrDefault(byTwin[p.Uid].LocalUid)));
    }

    // UIDs at or above the stored UIDNEXT of `side` (all on a mailbox's first pass); null when none can be.
    private (uint From, uint Next)? ArrivalRange(MailboxChanges changes, SyncSide side)
    {
        var stored = context.State.GetSideStates(changes.Plan.Row.Id);
        var from = Math.Max(stored is { } s ? (side == SyncSide.Local ? s.Local : s.Remote).UidNext : 1, 1);
        var next = changes.Of(side).Selected.UidNext;
        return next > from ? (from, next) : null;
    }

    // The unmapped messages new on `side` (as the mailbox's pass would copy them), without a copy intent.
    private async Task<IEnumerable<MoveArrival>> ArrivalsAsync(MailboxChanges changes, SyncSide side, CancellationToken cancellationToken)
    {
        var (from, next) = ArrivalRange(changes, side)!.Value;
        var id = changes.Plan.Row.Id;
        var server = changes.Server(side)!;
        // A short range is asked for as it is (the server answers for the UIDs it has), saving a UID SEARCH.
        var present = changes.Of(side).PresentFrom(from)
            ?? (next - from <= DirectRange ? [.. Enumerable.Range(0, (int)(next - from)).Select(i => from + (uint)i)] : await server.FetchUidsAsync(from, next - 1, cancellationToken).ConfigureAwait(false));
        var mapped = context.State.GetMappedUids(id, side, [(from, next - 1)]).ToHashSet();
        var journaled = context.State.GetCopyIntents(id).Where(i => i.Source == side).Select(i => i.SourceUid).ToHashSet();
        var uids = present.Where(u => u >= from && u < next && !mapped.Contains(u) && !journaled.Contains(u)).ToList();
        if (uids.Count == 0)
        {
            return [];
        }

        var prints = await FingerprintBatches.FetchAsync(server, uids, FingerprintBatches.BatchSize, cancellationToken).ConfigureAwait(false);
        return prints.Select(p => new MoveArrival(changes, p));
    }

    // One group: moved by another client from mailbox `from` to `to` on `side`.
    private async Task ReplayAsync(SyncSide side, List<MatchedMove> moves, CancellationToken cancellationToken)
    {
        var other = side.Other();
        var from = moves[0].Departure.From;
        var to = moves[0].Arrival.To;
        var arrivals = moves.Select(m => m.Arrival.Print.Uid).ToList();
        var twins = moves.Select(m => m.Departure.Twin.Uid).ToList();
        var fromName = context.LocalNaming.Display(from.Plan.Row.Name);
        var toName = context.LocalNaming.Display(to.Plan.Row.Name);

        // The journal, committed before the MOVE: the arrived messages are being put into `to` on the other side.
        context.State.RecordCopyIntents(to.Plan.Row.Id, [.. moves.Select(m => new CopyIntent(
            side,
            m.Arrival.Print.Uid,
            m.Departure.Twin.Size,
            m.Departure.Twin.InternalDate?.ToString("o", CultureInfo.InvariantCulture),
            m.Departure.Twin.MessageId))]);

        // Moves found across waves come with `to` read earlier and not selected now (no server): its
        // pass reads the moved messages as changes itself, so their flags are not fetched here.
        var flagsTask = to.Server(side) is { } arrivedOn ? arrivedOn.FetchFlagsAsync(arrivals, cancellationToken).AsTask() : Task.FromResult<IReadOnlyList<MessageFlags>>([]);
        MovedUids moved;
        try
        {
            moved = await from.Server(other)!.MoveAsync(twins, to.Plan.Name(other), cancellationToken).ConfigureAwait(false);
        }
        catch (MailServerCommandException ex)
        {
            _ = flagsTask.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            // The intents stay: `to`'s pass looks for the messages there (a COPY may have landed) and
            // copies those it does not find; `from`'s pairs remove the twins, as for an expunge.
            context.Reporter.Warning($"Couldn't move {moves.Count} message(s) from {fromName} to {toName} as another client did on {side.Name()} ({ex.Message}); they are copied instead.", other, fromName);
            return;
        }

        var arrivedFlags = (await flagsTask.ConfigureAwait(false)).ToDictionary(f => f.Uid);
        var target = to.Of(other).Selected;
        var trusted = moved.UidValidity == target.UidValidity;
        var pairs = new List<CompletedCopy>();
        var movedIn = _arrived.GetOrAdd(to.Plan.Row.Id, _ => new MovedIn());
        foreach (var move in moves)
        {
            if (!trusted || !moved.Uids.TryGetValue(move.Departure.Twin.Uid, out var newUid) || newUid < target.UidNext)
            {
                continue; // no usable COPYUID: the intent stays, and `to`'s pass finds the message by fingerprint
            }

            var arrival = move.Arrival.Print.Uid;
            var old = move.Departure.Pair;
            // Each server's id stays with its message across the move (RFC 8474 section 5.1).
            var (arrivalId, twinId) = (move.Arrival.Print.EmailId, move.Departure.Twin.EmailId);
            pairs.Add(side == SyncSide.Local
                ? new CompletedCopy(arrival, newUid, old.LocalFlags, old.RemoteFlags) { LocalEmailId = arrivalId, RemoteEmailId = twinId }
                : new CompletedCopy(newUid, arrival, old.LocalFlags, old.RemoteFlags) { LocalEmailId = twinId, RemoteEmailId = arrivalId });
            if (arrivedFlags.TryGetValue(arrival, out var flags))
            {
                movedIn.Add(side, flags);
            }

        }

        context.State.CompleteMoves(from.Plan.Row.Id, moves.Select(m => m.Departure.Pair.LocalUid), to.Plan.Row.Id, side, pairs);

        // The moved copies' flags (the twins', carried by the MOVE) with the MODSEQ they have there now.
        var newUids = pairs.Select(p => p.Uid(side.Other())).ToList();
        if (newUids.Count > 0 && to.Server(other) is not null)
        {
            foreach (var flags in await to.Server(other)!.FetchFlagsAsync(newUids, cancellationToken).ConfigureAwait(false))
            {
                movedIn.Add(other, flags);
            }
        }

        context.Reporter.Report(new SyncEvent(
            SyncEventKind.MessagesMoved,
            $"Moved {moves.Count} UID(s) {UidText.Compact(twins)} to {toName} (moved on {side.Name()} by another client)",
            other,
            fromName,
            moves.Count));
    }

}
