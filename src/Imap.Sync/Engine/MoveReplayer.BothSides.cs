using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// Moved the same way on both sides: nothing to replay, only the pairs to follow.
internal sealed partial class MoveReplayer
{
    /// <summary>
    /// Pairs that vanished on both sides while, in another mailbox, the same message arrived on both
    /// sides: each side's client moved it there. Without this each side's copy would be copied to the
    /// other, a duplicate on both. Where both servers' ids of a gone pair were recorded, arrivals with
    /// those ids are it; otherwise the gone pairs' identities are unknown (no side still has them), so
    /// the evidence is the arrivals' identity (Message-ID, size, date, unique among each side's arrivals
    /// of the wave) and their number: no more are paired than pairs vanished on both sides, otherwise
    /// none (copied as before). Their flags were never agreed: both sides' are merged (the union).
    /// </summary>
    private async Task PairMovedOnBothSidesAsync(List<MailboxChanges> wave, CancellationToken cancellationToken)
    {
        var gone = wave.Select(c => (Changes: c, Pairs: GoneOnBothSides(c))).ToList();
        var goneOnBoth = gone.Sum(g => g.Pairs.Count);
        var arriving = wave.Where(c => ArrivalRange(c, SyncSide.Local) is not null && ArrivalRange(c, SyncSide.Remote) is not null).ToList();
        if (goneOnBoth == 0 || arriving.Count == 0)
        {
            return;
        }

        var localTask = Task.WhenAll(arriving.Select(c => ArrivalsAsync(c, SyncSide.Local, cancellationToken)));
        var remoteTask = Task.WhenAll(arriving.Select(c => ArrivalsAsync(c, SyncSide.Remote, cancellationToken)));
        await Task.WhenAll(localTask, remoteTask).ConfigureAwait(false);
        var goneIds = gone.Where(g => g.Pairs.Count > 0).SelectMany(g => RecordedIds(g.Changes, g.Pairs));
        await PairArrivalsAsync(goneOnBoth, goneIds, (await localTask.ConfigureAwait(false)).SelectMany(a => a), (await remoteTask.ConfigureAwait(false)).SelectMany(a => a), cancellationToken).ConfigureAwait(false);
    }

    // Pairs the arrivals that are the messages gone from both sides (at most `goneOnBoth` of them, else none).
    private async Task PairArrivalsAsync(int goneOnBoth, IEnumerable<(string Local, string Remote)> goneIds, IEnumerable<MoveArrival> local, IEnumerable<MoveArrival> remote, CancellationToken cancellationToken)
    {
        var matches = MoveMatcher.MatchArrivals(local, remote, goneIds);
        if (matches.Count == 0 || matches.Count > goneOnBoth)
        {
            return;
        }

        await Task.WhenAll(matches.GroupBy(m => m.Local.To.Plan.Row.Id).Select(g => PairAsync([.. g], cancellationToken))).ConfigureAwait(false);
    }

    private List<MappedPair> GoneOnBothSides(MailboxChanges changes)
    {
        if (changes.Local.Vanished.Count == 0 || changes.Remote.Vanished.Count == 0 || changes.Local.ConfirmedVanished is not null)
        {
            return [];
        }

        return [.. context.State.GetMappings(changes.Plan.Row.Id, changes.Local.Vanished, []).Where(p => changes.Remote.Vanished.Contains(p.RemoteUid))];
    }

    // Both servers' ids of gone pairs, where both were recorded.
    private IEnumerable<(string Local, string Remote)> RecordedIds(MailboxChanges changes, List<MappedPair> pairs)
    {
        if (!context.Local.Features.MessageIds || !context.Remote.Features.MessageIds)
        {
            return [];
        }

        var localUids = pairs.Select(p => p.LocalUid).ToList();
        var local = context.State.GetEmailIds(changes.Plan.Row.Id, SyncSide.Local, localUids);
        var remote = context.State.GetEmailIds(changes.Plan.Row.Id, SyncSide.Remote, localUids);
        return [.. local.Where(l => remote.ContainsKey(l.Key)).Select(l => (l.Value, remote[l.Key]))];
    }

    private async Task PairAsync(List<(MoveArrival Local, MoveArrival Remote)> matches, CancellationToken cancellationToken)
    {
        var to = matches[0].Local.To;
        // Paired across waves, `to` is not selected now (no server): its pass reads their flags itself.
        if (to.LocalServer is not null && to.RemoteServer is not null)
        {
            await FollowFlagsAsync(to, matches, cancellationToken).ConfigureAwait(false);
        }

        context.State.CompleteCopies(to.Plan.Row.Id, SyncSide.Local, [.. matches.Select(m => new CompletedCopy(m.Local.Print.Uid, m.Remote.Print.Uid, null, null) { LocalEmailId = m.Local.Print.EmailId, RemoteEmailId = m.Remote.Print.EmailId })]);
        var name = context.LocalNaming.Display(to.Plan.Row.Name);
        context.Reporter.Report(new SyncEvent(
            SyncEventKind.MessagesAdopted,
            $"Paired {matches.Count} message(s) moved to {name} on both sides (local UID(s) {UidText.Compact([.. matches.Select(m => m.Local.Print.Uid)])}), not copied",
            null,
            name,
            matches.Count));
    }

    private async Task FollowFlagsAsync(MailboxChanges to, List<(MoveArrival Local, MoveArrival Remote)> matches, CancellationToken cancellationToken)
    {
        var localFlags = to.LocalServer!.FetchFlagsAsync([.. matches.Select(m => m.Local.Print.Uid)], cancellationToken).AsTask();
        var remoteFlags = to.RemoteServer!.FetchFlagsAsync([.. matches.Select(m => m.Remote.Print.Uid)], cancellationToken).AsTask();
        await Task.WhenAll(localFlags, remoteFlags).ConfigureAwait(false);
        var movedIn = _arrived.GetOrAdd(to.Plan.Row.Id, _ => new MovedIn());
        foreach (var flags in (await localFlags.ConfigureAwait(false)).Where(f => matches.Any(m => m.Local.Print.Uid == f.Uid)))
        {
            movedIn.Add(SyncSide.Local, flags);
        }

        foreach (var flags in (await remoteFlags.ConfigureAwait(false)).Where(f => matches.Any(m => m.Remote.Print.Uid == f.Uid)))
        {
            movedIn.Add(SyncSide.Remote, flags);
        }
    }
}
