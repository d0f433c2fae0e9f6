using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// Interrupted copies and new messages.
internal sealed partial class MailboxSynchronizer
{
    /// <summary>
    /// Copy intents left by a run that died between an APPEND and its commit: the message is looked for
    /// on the target and mapped if found; if not, it is copied again (as a new message when its UID is at
    /// or above the stored UIDNEXT, explicitly otherwise).
    /// </summary>
    private async Task<Sides<List<uint>>> ResumeInterruptedCopiesAsync(SidePair sides, CancellationToken cancellationToken)
    {
        var again = Sides<List<uint>>.Each(() => []);
        var intents = _context.State.GetCopyIntents(_id);
        foreach (var group in intents.GroupBy(i => i.Source))
        {
            var source = group.Key;
            var target = source.Other();
            // On a restored target our copy backs land below the stored UIDNEXT: look at every unmapped UID.
            var from = sides.Restored(target) ? 1 : sides.StoredOf(target)?.UidNext ?? 1;
            var candidates = await CopyIntentResolver.UnmappedTargetUidsAsync(_context, _id, target, from, cancellationToken).ConfigureAwait(false);
            var (found, missing) = await CopyIntentResolver.MatchAsync(_context.Server(target), [.. group], candidates, cancellationToken).ConfigureAwait(false);
            if (found.Count > 0)
            {
                // Their flags were never agreed: merged once they are mapped, as adopted pairs' are. The
                // source's are recorded with the mapping and the target's left unknown, so a pass after a
                // kill before the merge takes the target's list for one to merge with the source's (a
                // union, as after a UIDVALIDITY change), not for a change that overwrites it.
                var flags = await FetchPairFlagsAsync(found, cancellationToken).ConfigureAwait(false);
                var sourceFlags = source == SyncSide.Local ? flags.Local : flags.Remote;
                found = [.. found.Select(c => WithSourceFlags(c, source, sourceFlags))];
                _context.State.CompleteCopies(_id, source, found);
                _context.Reporter.Info($"Resuming interrupted sync: {found.Count} message(s) already on {target.Name()} mapped, not copied again", target, _display);
                await MergeUnagreedFlagsAsync(sides, found, flags, FoundAgainWhy, cancellationToken).ConfigureAwait(false);
            }

            var unsure = missing.Where(m => m.MessageId is null).Select(m => m.SourceUid).ToList();
            if (unsure.Count > 0 && !_rePaired) // the recovery's warning already counted these
            {
                _context.Reporter.Warning(
                    $"Interrupted copy of {source.Name()} UID(s) {UidText.Compact(unsure)} (no Message-ID) could not be identified on {target.Name()} for sure; copying again may duplicate them.",
                    target,
                    _display);
            }

            // Old messages copied explicitly (back to a restored server, or by repair): a message still
            // mapped is left to the expunge/flag pass, which copies it again only if its counterpart
            // is really gone; copying it here too would duplicate it when the APPEND had landed.
            // Their intents stay until the copy records them again: nothing else would remember them, as
            // they are below UIDNEXT and unmapped (a copy back, or one owed after a UIDVALIDITY change).
            var sourceUidNext = sides.StoredOf(source)?.UidNext ?? 0;
            var stillMapped = _context.State.GetMappings(_id).Select(m => m.Uid(source)).ToHashSet();
            var explicitly = missing.Where(m => m.SourceUid < sourceUidNext && !stillMapped.Contains(m.SourceUid)).Select(m => m.SourceUid).ToList();
            _context.State.DropCopyIntents(_id, source, missing.Select(m => m.SourceUid).Except(explicitly));
            again[source].AddRange(explicitly);
        }

        return again;
    }

    private static CompletedCopy WithSourceFlags(CompletedCopy copy, SyncSide source, Dictionary<uint, MessageFlags> sourceFlags)
    {
        var uid = copy.Uid(source);
        var joined = sourceFlags.TryGetValue(uid, out var flags) ? FlagList.Join(flags.Flags) : null;
        return source == SyncSide.Local ? copy with { LocalFlags = joined } : copy with { RemoteFlags = joined };
    }

    /// <summary>
    /// Copies remote→local and local→remote at once (each direction reads one server and writes the
    /// other, so on a slow link their round trips overlap instead of adding up); returns the UIDNEXT and
    /// HIGHESTMODSEQ to store for each side.
    /// </summary>
    private async Task<((uint Local, uint Remote) UidNext, (ulong Local, ulong Remote) ModSeq)> CopyNewMessagesAsync(
        SidePair sides, Sides<List<uint>> explicitCopies, CancellationToken cancellationToken)
    {
        var localNewTask = NewUidsAsync(SyncSide.Local, sides, cancellationToken);
        var remoteNewTask = NewUidsAsync(SyncSide.Remote, sides, cancellationToken);
        var localNew = await localNewTask.ConfigureAwait(false);
        var remoteNew = await remoteNewTask.ConfigureAwait(false);
        if ((_context.Repair || sides.FirstPass) && localNew.Count > 0 && remoteNew.Count > 0)
        {
            (localNew, remoteNew) = await AdoptAsync(sides, localNew, remoteNew, cancellationToken).ConfigureAwait(false);
        }

        var toLocalList = Merge(remoteNew, explicitCopies.Remote);
        var toRemoteList = Merge(localNew, explicitCopies.Local);
        SendReadsWithCopies(SyncSide.Local, sides, toLocalList.Count);
        SendReadsWithCopies(SyncSide.Remote, sides, toRemoteList.Count);
        var toLocalTask = _toLocal.CopyAsync(SyncSide.Remote, toLocalList, sides.Local.Selected, _plan.LocalName, cancellationToken);
        var toRemoteTask = _toRemote.CopyAsync(SyncSide.Local, toRemoteList, sides.Remote.Selected, _plan.RemoteName, cancellationToken);
        // Both end before a failure of one ends the pass: the other's batches are committed or not, never half-read.
        await Task.WhenAll(toLocalTask, toRemoteTask).ConfigureAwait(false);
        var toLocal = await toLocalTask.ConfigureAwait(false);
        var toRemote = await toRemoteTask.ConfigureAwait(false);
        if (toLocal.Count > 0)
        {
            MarkWritten(SyncSide.Local);
        }

        if (toRemote.Count > 0)
        {
            MarkWritten(SyncSide.Remote);
        }

        // Every write is answered: from here on only reads, so the HIGHESTMODSEQ check and the UIDNEXT
        // look-ups share the round trip.
        var modSeqTask = ModSeqsToStoreAsync(sides, cancellationToken);
        var localNext = await UidNextAfterAsync(SyncSide.Local, sides.Local.Selected, toLocal, cancellationToken).ConfigureAwait(false);
        var remoteNext = await UidNextAfterAsync(SyncSide.Remote, sides.Remote.Selected, toRemote, cancellationToken).ConfigureAwait(false);
        return ((localNext, remoteNext), await modSeqTask.ConfigureAwait(false));
    }

    // The reads that follow the copies to a side (the HIGHESTMODSEQ check and the UIDs past our APPENDs,
    // see ModSeqToStoreAsync and UidNextAfterAsync) may go in the flight of its first APPEND, behind a
    // SELECT (IMailServer.SendChangesSinceWithNextWrite): for a few new messages, one batch, that is the
    // last write too. Where more batches follow, the server asks again after them. Not on a first pass:
    // an initial copy has many batches.
    private void SendReadsWithCopies(SyncSide side, SidePair sides, int copies)
    {
        if (copies == 0 || sides.FirstPass)
        {
            return;
        }

        var server = _context.Server(side);
        var selected = sides.Of(side).Selected;
        if (selected.HighestModSeq > 0 && Checks(server))
        {
            server.SendChangesSinceWithNextWrite(selected.HighestModSeq);
        }

        server.SendUidsFromWithNextWrite(selected.UidNext);
    }

    private static List<uint> Merge(IReadOnlyList<uint> a, List<uint> b) => [.. a.Union(b).Order()];

    // UIDs at or above the stored UIDNEXT (all of them on a first pass) that no mapping covers.
    // Repair also takes older unmapped messages.
    private async Task<IReadOnlyList<uint>> NewUidsAsync(SyncSide side, SidePair sides, CancellationToken cancellationToken)
    {
        var selected = sides.Of(side).Selected;
        var from = _context.Repair ? 1 : Math.Max(sides.StoredOf(side)?.UidNext ?? 1, 1);
        if (selected.UidNext <= from)
        {
            return [];
        }

        var present = sides.Of(side).PresentFrom(from)
            ?? await _context.Server(side).FetchUidsAsync(from, selected.UidNext - 1, cancellationToken).ConfigureAwait(false);
        var mapped = _context.State.GetMappedUids(_id, side, [(from, selected.UidNext - 1)]).ToHashSet();
        var result = present.Where(u => u >= from && u < selected.UidNext && !mapped.Contains(u)).ToList();
        if (_context.Repair && result.Count > 0)
        {
            _context.Reporter.Warning($"{result.Count} unmapped message(s) {UidText.Compact(result)}; copying them to {side.Other().Name()}.", side, _display);
        }

        return result;
    }

    // The SELECT's UIDNEXT, or past our own APPENDs when nothing else arrived in between (so the mapping
    // stays below UIDNEXT, as InterIMAP expects from a finished pass).
    private async Task<uint> UidNextAfterAsync(SyncSide side, SelectedMailboxState selected, IReadOnlyList<uint> appended, CancellationToken cancellationToken)
    {
        if (appended.Count == 0)
        {
            return selected.UidNext;
        }

        var highest = appended.Max();
        if (highest < selected.UidNext)
        {
            return selected.UidNext;
        }

        var present = await _context.Server(side).FetchUidsAsync(selected.UidNext, highest, cancellationToken).ConfigureAwait(false);
        var mapped = _context.State.GetMappedUids(_id, side, [(selected.UidNext, highest)]).ToHashSet();
        return present.All(mapped.Contains) ? highest + 1 : selected.UidNext;
    }
}
