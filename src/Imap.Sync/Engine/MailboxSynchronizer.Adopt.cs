using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// Adoption: the first sync of a mailbox already populated on both sides.
internal sealed partial class MailboxSynchronizer
{
    /// <summary>
    /// On a mailbox's first sync (no pass ever completed on either side), or in repair, messages already
    /// on both sides are paired by <see cref="AdoptionMatcher"/> instead of copied both ways (InterIMAP
    /// copies them all, duplicating everything). The pairs are committed as mappings with no agreed
    /// flags, then differing flags become the union on both sides. A kill before that commit leaves
    /// nothing behind (the next run adopts again); after it, the next pass is still a first one and its
    /// full scan finds the pairs' flags unagreed, so it merges them then. Returns what is left to copy.
    /// </summary>
    private async Task<(IReadOnlyList<uint> Local, IReadOnlyList<uint> Remote)> AdoptAsync(
        SidePair sides, IReadOnlyList<uint> localNew, IReadOnlyList<uint> remoteNew, CancellationToken cancellationToken)
    {
        var localPrints = FingerprintBatches.FetchAsync(_context.Local, localNew, FingerprintBatches.BatchSize, cancellationToken);
        var remotePrints = await FingerprintBatches.FetchAsync(_context.Remote, remoteNew, FingerprintBatches.BatchSize, cancellationToken).ConfigureAwait(false);
        var pairs = AdoptionMatcher.Match(await localPrints.ConfigureAwait(false), remotePrints);
        if (pairs.Count == 0)
        {
            return (localNew, remoteNew);
        }

        _context.State.CompleteCopies(_id, SyncSide.Local, pairs);
        _context.Reporter.Report(new SyncEvent(SyncEventKind.MessagesAdopted, $"Adopted {pairs.Count} message(s) present on both sides of {_display}", null, _display, pairs.Count));

        var flags = await FetchPairFlagsAsync(pairs, cancellationToken).ConfigureAwait(false);
        await MergeUnagreedFlagsAsync(sides, pairs, flags, AdoptedWhy, cancellationToken).ConfigureAwait(false);

        var pairedLocal = pairs.Select(p => p.LocalUid).ToHashSet();
        var pairedRemote = pairs.Select(p => p.RemoteUid).ToHashSet();
        return ([.. localNew.Where(u => !pairedLocal.Contains(u))], [.. remoteNew.Where(u => !pairedRemote.Contains(u))]);
    }

    /// <summary>Both sides' current flags of these pairs' messages, by UID.</summary>
    private async Task<(Dictionary<uint, MessageFlags> Local, Dictionary<uint, MessageFlags> Remote)> FetchPairFlagsAsync(
        IReadOnlyList<CompletedCopy> pairs, CancellationToken cancellationToken)
    {
        var localTask = _context.Local.FetchFlagsAsync([.. pairs.Select(p => p.LocalUid)], cancellationToken).AsTask();
        var remoteTask = _context.Remote.FetchFlagsAsync([.. pairs.Select(p => p.RemoteUid)], cancellationToken).AsTask();
        await Task.WhenAll(localTask, remoteTask).ConfigureAwait(false); // both answered before a refusal ends the pass
        return ((await localTask.ConfigureAwait(false)).ToDictionary(f => f.Uid), (await remoteTask.ConfigureAwait(false)).ToDictionary(f => f.Uid));
    }

    /// <summary>
    /// Pairs just committed with no agreed flags (adopted, or copies found again after a kill): both
    /// sides count as changed, so differing lists become the union on both (less what one side cannot
    /// store, which stays on the other). The change sources never report them in this pass (they were
    /// unmapped when it read its changes), so nothing else touches their flags before this.
    /// </summary>
    private Task MergeUnagreedFlagsAsync(
        SidePair sides,
        IReadOnlyList<CompletedCopy> pairs,
        (Dictionary<uint, MessageFlags> Local, Dictionary<uint, MessageFlags> Remote) flags,
        string why,
        CancellationToken cancellationToken)
    {
        var merged = sides with { Changes = new(sides.Local with { Changed = flags.Local }, sides.Remote with { Changed = flags.Remote }) };
        return SyncFlagsAsync(merged, [.. pairs.Select(p => new MappedPair(p.LocalUid, p.RemoteUid, null, null))], why, cancellationToken);
    }
}
