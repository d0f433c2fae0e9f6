using Imap.Sync.Engine.Changes;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// Moves between mailboxes that are not synchronized together.
internal sealed partial class MoveReplayer
{
    private static readonly IReadOnlyDictionary<uint, MessageFlags> NoFlags = new Dictionary<uint, MessageFlags>();

    /// <summary>
    /// True when the run's changed mailboxes are not all read at one barrier, so moves between them are
    /// looked for account-wide first (<see cref="ReplayAcrossWavesAsync"/>): more of them than one wave of
    /// lanes holds, or a large copy on extra connections (one mailbox per pair, each its own barrier)
    /// where the connections offer lanes. One wave, the common case, is never slowed by it, nor is a run
    /// where LIST-STATUS shows no new mail anywhere (a move always arrives somewhere).
    /// </summary>
    public async Task<bool> AcrossWavesAsync(IReadOnlyCollection<MailboxPlan> pending, bool onLanes) =>
        !context.Repair && pending.Count >= 2
        && pending.Any(p => MayHaveNewMail(p, SyncSide.Local) || MayHaveNewMail(p, SyncSide.Remote))
        && (onLanes ? pending.Count > context.Options.LanesPerWave : await ConnectionRule.HasLanesAsync(context).ConfigureAwait(false));

    /// <summary>
    /// Before any mailbox is synchronized: reads every changed mailbox's changes (in waves of lanes, reads
    /// only), keeps each one's departures (pairs gone on one side, with their twins' fingerprints) and
    /// arrivals (unmapped new messages, fetched only on a side that has departures), matches them across the
    /// whole account and replays the moves found as at the read barrier: the intent journaled before each
    /// MOVE, the pairs committed after. Each mailbox's own pass follows and reads its changes again, so a
    /// replayed move is then a pair already mapped in the mailbox it went to (its flags merged like any
    /// change: both copies are new there since the stored MODSEQ) and an expunge of nothing mapped in the
    /// one it left. A mailbox that fails to read here is left to its pass.
    /// </summary>
    public async Task ReplayAcrossWavesAsync(IReadOnlyList<MailboxPlan> pending, CancellationToken cancellationToken)
    {
        if (context.Options.StopRequested.IsCancellationRequested)
        {
            return;
        }

        // Asked of the database once, not again for every mailbox read.
        var newMail = new Sides<HashSet<long>>(WithNewMail(pending, SyncSide.Local), WithNewMail(pending, SyncSide.Remote));
        var read = (await InWavesAsync(pending, (local, remote, plan) => ReadAsync(local, remote, plan, newMail, cancellationToken)).ConfigureAwait(false))
            .OfType<SweptMailbox>().ToList();
        var goneOnBoth = read.Sum(s => s.GoneOnBoth.Count);
        var arriving = read.Where(s => ArrivalsWanted(s, SyncSide.Local, read, goneOnBoth) || ArrivalsWanted(s, SyncSide.Remote, read, goneOnBoth)).ToList();
        if (arriving.Count == 0)
        {
            return;
        }

        var arrivals = await InWavesAsync(arriving, (local, remote, swept) => ArrivalsAsync(local, remote, swept, read, goneOnBoth, cancellationToken)).ConfigureAwait(false);
        var used = new HashSet<MoveArrival>();
        foreach (var side in (SyncSide[])[SyncSide.Local, SyncSide.Remote])
        {
            var moves = MoveMatcher.Match(read.SelectMany(s => s.Departures(side)), arrivals.SelectMany(a => a[side]));
            used.UnionWith(moves.Select(m => m.Arrival));
            var groups = moves.GroupBy(m => (m.Departure.From.Plan.Row.Id, m.Arrival.To.Plan.Row.Id)).Select(g => g.OrderBy(m => m.Arrival.Print.Uid).ToList()).ToList();
            await InWavesAsync(groups, (local, remote, group) => ReplayFromAsync(side == SyncSide.Local ? remote : local, side, group, cancellationToken)).ConfigureAwait(false);
        }

        var goneIds = read.Where(s => s.GoneOnBoth.Count > 0).SelectMany(s => RecordedIds(s.Changes, s.GoneOnBoth));
        await PairArrivalsAsync(
            goneOnBoth,
            goneIds,
            arrivals.SelectMany(a => a.Local).Where(a => !used.Contains(a)),
            arrivals.SelectMany(a => a.Remote).Where(a => !used.Contains(a)),
            cancellationToken).ConfigureAwait(false);
    }

    // One mailbox's changes on both sides, and what of them can be part of a move; null when none can
    // (first pass, restored, replaced, refused).
    private async Task<SweptMailbox?> ReadAsync(IMailServer local, IMailServer remote, MailboxPlan plan, Sides<HashSet<long>> newMail, CancellationToken cancellationToken)
    {
        var id = plan.Row.Id;
        if (context.State.GetSideStates(id) is not { Local.UidNext: > 0, Remote.UidNext: > 0 } stored || context.State.GetRestoredSides(id).Count > 0)
        {
            return null;
        }

        var localTask = ReadSideAsync(local, plan, SyncSide.Local, stored.Local, cancellationToken).AsTask();
        var remoteTask = ReadSideAsync(remote, plan, SyncSide.Remote, stored.Remote, cancellationToken).AsTask();
        try
        {
            await Task.WhenAll(localTask, remoteTask).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MailServerCommandException or MailboxReplacedException)
        {
            return null;
        }

        var (localChanges, remoteChanges) = (localTask.Result, remoteTask.Result);
        if (!Continues(stored.Local, localChanges.Selected) || !Continues(stored.Remote, remoteChanges.Selected))
        {
            return null;
        }

        var changes = new MailboxChanges(plan, localChanges with { Changed = NoFlags }, remoteChanges with { Changed = NoFlags }) { LocalServer = local, RemoteServer = remote };
        var localDepartures = await DeparturesWhereArrivalsAsync(changes, SyncSide.Local, newMail.Local, cancellationToken).ConfigureAwait(false);
        var remoteDepartures = await DeparturesWhereArrivalsAsync(changes, SyncSide.Remote, newMail.Remote, cancellationToken).ConfigureAwait(false);
        // The lanes close after this wave: what is kept names no server.
        var kept = changes with { LocalServer = null, RemoteServer = null };
        return new SweptMailbox(
            kept,
            [.. localDepartures.Select(d => d with { From = kept })],
            [.. remoteDepartures.Select(d => d with { From = kept })],
            GoneOnBothSides(changes));

        static bool Continues(SideState stored, SelectedMailboxState now) =>
            now.UidValidity == stored.UidValidity && now.UidNext >= stored.UidNext && (stored.HighestModSeq == 0 || now.HighestModSeq == 0 || now.HighestModSeq >= stored.HighestModSeq);
    }

    private ValueTask<SideChanges> ReadSideAsync(IMailServer server, MailboxPlan plan, SyncSide side, SideState stored, CancellationToken cancellationToken)
    {
        var query = new ChangeQuery(server, plan.Name(side), stored, new MappedUids(context.State, plan.Row.Id, side));
        return ChangeSources.For(server.Features, context.Options.MaxChangeSource, query, repair: false).ReadAsync(query, cancellationToken);
    }

    // The departures on `side`, fingerprinted only where another mailbox has new mail there
    // (`withNewMail`, see WithNewMail) and the other side can replay a move.
    private async Task<IEnumerable<MoveDeparture>> DeparturesWhereArrivalsAsync(MailboxChanges changes, SyncSide side, HashSet<long> withNewMail, CancellationToken cancellationToken)
    {
        var id = changes.Plan.Row.Id;
        if (!CanReplay(side) || !withNewMail.Any(other => other != id))
        {
            return [];
        }

        var pairs = Departed(changes, side);
        return pairs.Count == 0 ? [] : await DeparturesAsync(changes, pairs, side, cancellationToken).ConfigureAwait(false);
    }

    // The mailboxes that may have new mail on `side` (LIST-STATUS; unknown counts as new).
    private HashSet<long> WithNewMail(IEnumerable<MailboxPlan> plans, SyncSide side) => [.. plans.Where(p => MayHaveNewMail(p, side)).Select(p => p.Row.Id)];

    private bool MayHaveNewMail(MailboxPlan plan, SyncSide side)
    {
        var status = side == SyncSide.Local ? plan.LocalStatus : plan.RemoteStatus;
        var stored = context.State.GetSideStates(plan.Row.Id);
        return status is not { } s || stored is not { } st || s.UidNext > (side == SyncSide.Local ? st.Local : st.Remote).UidNext;
    }

    private bool CanReplay(SyncSide side) => context.Server(side.Other()).Features.Move || context.Server(side.Other()).Features.UidPlus;

    // Arrivals are fetched on `side` of a mailbox with new mail there, when another mailbox has departures
    // on that side, or messages gone on both sides may have arrived on both sides here.
    private bool ArrivalsWanted(SweptMailbox swept, SyncSide side, List<SweptMailbox> read, int goneOnBoth) =>
        ArrivalRange(swept.Changes, side) is not null
        && (read.Exists(s => s != swept && s.Departures(side).Count > 0) || (goneOnBoth > 0 && ArrivalRange(swept.Changes, side.Other()) is not null));

    // The mailbox is selected again on the lanes of a side whose arrivals are wanted (a plain SELECT: its
    // changes were read already); one whose UIDVALIDITY changed since is left to its pass.
    private async Task<Sides<List<MoveArrival>>> ArrivalsAsync(IMailServer local, IMailServer remote, SweptMailbox swept, List<SweptMailbox> read, int goneOnBoth, CancellationToken cancellationToken)
    {
        var changes = swept.Changes with { LocalServer = local, RemoteServer = remote };
        var localTask = OnSideAsync(SyncSide.Local);
        var remoteTask = OnSideAsync(SyncSide.Remote);
        await Task.WhenAll(localTask, remoteTask).ConfigureAwait(false);
        return new Sides<List<MoveArrival>>(await localTask.ConfigureAwait(false), await remoteTask.ConfigureAwait(false));

        async Task<List<MoveArrival>> OnSideAsync(SyncSide side)
        {
            if (!ArrivalsWanted(swept, side, read, goneOnBoth) || !await SelectAgainAsync(changes, side, cancellationToken).ConfigureAwait(false))
            {
                return [];
            }

            var arrivals = await ArrivalsAsync(changes, side, cancellationToken).ConfigureAwait(false);
            return [.. arrivals.Select(a => a with { To = swept.Changes })];
        }
    }

    // Moves from one mailbox to another on `side`, replayed from that mailbox selected again on `lane` (the other side).
    private async Task<bool> ReplayFromAsync(IMailServer lane, SyncSide side, List<MatchedMove> moves, CancellationToken cancellationToken)
    {
        var other = side.Other();
        var left = moves[0].Departure.From;
        var fromNow = other == SyncSide.Local ? left with { LocalServer = lane } : left with { RemoteServer = lane };
        if (!await SelectAgainAsync(fromNow, other, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await ReplayAsync(side, [.. moves.Select(m => m with { Departure = m.Departure with { From = fromNow } })], cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> SelectAgainAsync(MailboxChanges changes, SyncSide side, CancellationToken cancellationToken)
    {
        try
        {
            var selected = await changes.Server(side)!.SelectAsync(changes.Plan.Name(side), null, cancellationToken).ConfigureAwait(false);
            return selected.UidValidity == changes.Of(side).Selected.UidValidity;
        }
        catch (Exception ex) when (ex is MailServerCommandException or MailboxReplacedException)
        {
            return false;
        }
    }

    // Each item on its own lanes of both connections, a wave of them at a time, each wave's commands in one flight per side.
    private async Task<List<TResult>> InWavesAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<IMailServer, IMailServer, TItem, Task<TResult>> work)
    {
        var results = new List<TResult>(items.Count);
        foreach (var wave in items.Chunk(context.Options.LanesPerWave))
        {
            var activity = new LaneActivity();
            var members = wave.Select(_ => activity.Join()).ToList();
            results.AddRange(await Task.WhenAll(wave.Select((item, i) => OnLanesAsync(item, members[i]))).ConfigureAwait(false));
        }

        return results;

        async Task<TResult> OnLanesAsync(TItem item, LaneActivity.Lane member)
        {
            using var running = member;
            member.MakeCurrent();
            var local = context.Local.OpenLane()!;
            var remote = context.Remote.OpenLane()!;
            try
            {
                return await work(local, remote, item).ConfigureAwait(false);
            }
            finally
            {
                await local.DisposeAsync().ConfigureAwait(false);
                await remote.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What one mailbox's changes hold that may be part of a move.</summary>
    private sealed record SweptMailbox(MailboxChanges Changes, List<MoveDeparture> Local, List<MoveDeparture> Remote, List<MappedPair> GoneOnBoth)
    {
        public List<MoveDeparture> Departures(SyncSide side) => side == SyncSide.Local ? Local : Remote;
    }
}
