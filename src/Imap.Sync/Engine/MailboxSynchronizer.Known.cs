using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

// Known messages: expunges, then flags.
internal sealed partial class MailboxSynchronizer
{
    private const int MaxFlagRounds = 4;

    // How a pair came to have no agreed flags, for the one-line summary of those that differed.
    private const string AdoptedWhy = "present on both sides before their first sync";
    private const string FoundAgainWhy = "copied by an interrupted run and found again";

    private async Task<Sides<List<uint>>> ApplyKnownChangesAsync(SidePair sides, CancellationToken cancellationToken)
    {
        var recopy = Sides<List<uint>>.Each(() => []);
        // Only the pairs a source reported gone or changed: the others need nothing, and reading them
        // all would make a pass over a large mailbox cost the mailbox instead of its changes.
        var mappings = _context.State.GetMappings(_id, Touched(sides.Local), Touched(sides.Remote));
        var expunge = Sides<List<uint>>.Each(() => []); // UIDs to expunge, per side
        var forget = new List<uint>();        // local UIDs of pairs to drop once the expunges are done
        var live = new List<MappedPair>();
        foreach (var pair in mappings)
        {
            var localGone = sides.Local.Vanished.Contains(pair.LocalUid);
            var remoteGone = sides.Remote.Vanished.Contains(pair.RemoteUid);
            if (localGone && remoteGone)
            {
                if (!Confirmed(sides.Local, pair.LocalUid) || !Confirmed(sides.Remote, pair.RemoteUid))
                {
                    _context.Reporter.Warning($"Pair (lUID,rUID) = ({pair.LocalUid},{pair.RemoteUid}) vanished from {_display}. Repairing.", null, _display);
                }

                forget.Add(pair.LocalUid);
            }
            else if (localGone || remoteGone)
            {
                var goneSide = localGone ? SyncSide.Local : SyncSide.Remote;
                var survivor = goneSide.Other();
                var survivorUid = pair.Uid(survivor);
                var goneUid = pair.Uid(goneSide);
                if (!sides.Restored(goneSide) && !Confirmed(sides.Of(goneSide), goneUid))
                {
                    _context.Reporter.Warning($"UID {goneUid} disappeared. Redownloading {survivor.Name()} UID {survivorUid}.", goneSide, _display);
                }

                if (sides.Restored(goneSide) || !Confirmed(sides.Of(goneSide), goneUid))
                {
                    // Never evidence for a deletion: copy the survivor back (the mapping is replaced then).
                    recopy[survivor].Add(survivorUid);
                }
                else
                {
                    // Deleted on one side wins over a flag change on the other.
                    expunge[survivor].Add(survivorUid);
                    forget.Add(pair.LocalUid);
                }
            }
            else
            {
                live.Add(pair);
            }
        }

        if (recopy.Local.Count + recopy.Remote.Count > 0)
        {
            _context.Reporter.Warning($"{recopy.Local.Count + recopy.Remote.Count} mapped message(s) disappeared from a restored server; copying them back.", null, _display);
        }

        if (expunge.Local.Count + expunge.Remote.Count > 0)
        {
            MassExpungeGuard.Check(_context, _display, _context.State.CountMappings(_id), expunge.Local.Count, expunge.Remote.Count);
        }

        if (!live.Any(p => sides.Local.Changed.ContainsKey(p.LocalUid) || sides.Remote.Changed.ContainsKey(p.RemoteUid)))
        {
            // No flag to store after the expunges: the check may go with them.
            SendCheckWithNextWrite(SyncSide.Local, expunge.Local.Count);
            SendCheckWithNextWrite(SyncSide.Remote, expunge.Remote.Count);
        }

        await ExpungeBothAsync(expunge, cancellationToken).ConfigureAwait(false);
        if (forget.Count > 0)
        {
            _context.State.RemoveMappings(_id, forget);
        }

        // A first pass resumed after a kill may meet adopted pairs whose flags were never merged.
        await SyncFlagsAsync(sides, live, sides.FirstPass ? AdoptedWhy : null, cancellationToken).ConfigureAwait(false);
        return recopy;
    }

    // Before the side's next write, when there is one (writes > 0): see CheckSinceAfterKnownChanges.
    private void SendCheckWithNextWrite(SyncSide side, int writes)
    {
        if (writes > 0 && _checkSince[side] is { } since)
        {
            _context.Server(side).SendChangesSinceWithNextWrite(since);
        }
    }

    private static IEnumerable<uint> Touched(Changes.SideChanges changes) => changes.Vanished.Concat(changes.Changed.Keys);

    // Without repair's evidence set every disappearance counts as an expunge.
    private static bool Confirmed(Changes.SideChanges changes, uint uid) => changes.ConfirmedVanished?.Contains(uid) ?? true;

    private async Task ExpungeBothAsync(Sides<List<uint>> expunge, CancellationToken cancellationToken)
    {
        var localTask = ExpungeAsync(SyncSide.Local, expunge.Local, cancellationToken);
        var remoteTask = ExpungeAsync(SyncSide.Remote, expunge.Remote, cancellationToken);
        // Both finish before a refusal on one side ends the pass: the same connections go on with the
        // next mailbox, where the other side's UID EXPUNGE (sent after its STORE) would act otherwise.
        await Task.WhenAll(localTask, remoteTask).ConfigureAwait(false);
    }

    private async Task ExpungeAsync(SyncSide side, List<uint> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return;
        }

        uids.Sort();
        MarkWritten(side);
        var gone = await _context.Server(side).ExpungeAsync(uids, cancellationToken).ConfigureAwait(false);
        var failed = uids.Except(gone).ToList();
        if (failed.Count > 0)
        {
            _context.Reporter.Warning($"Couldn't UID EXPUNGE {UidText.Compact(failed)}", side, _display);
        }

        _context.Reporter.Report(new SyncEvent(SyncEventKind.MessagesExpunged, $"Removed {uids.Count} UID(s) {UidText.Compact(uids)}", side, _display, uids.Count - failed.Count));
    }

    /// <summary>
    /// Propagates flag changes of mapped pairs. With <paramref name="unagreedWhy"/>, pairs whose
    /// flags were never agreed (adopted ones) that differ are reported in one line with their count
    /// and that reason instead of one conflict line each: thousands of them are expected on an adoption.
    /// </summary>
    private async Task SyncFlagsAsync(SidePair sides, List<MappedPair> live, string? unagreedWhy, CancellationToken cancellationToken)
    {
        var unagreed = unagreedWhy is not null ? new HashSet<uint>() : null;
        var repaired = new HashSet<uint>();
        var unsure = new HashSet<uint>();
        var byLocal = live.ToDictionary(p => p.LocalUid);
        var byRemote = live.ToDictionary(p => p.RemoteUid);
        var recorded = live.ToDictionary(p => p.LocalUid, p => (p.LocalFlags, p.RemoteFlags));
        var localChanged = sides.Local.Changed.Values.Where(c => byLocal.ContainsKey(c.Uid)).ToDictionary(c => c.Uid);
        var remoteChanged = sides.Remote.Changed.Values.Where(c => byRemote.ContainsKey(c.Uid)).ToDictionary(c => c.Uid);
        ulong? localSince = sides.Local.Selected.HighestModSeq > 0 ? sides.Local.Selected.HighestModSeq : null;
        ulong? remoteSince = sides.Remote.Selected.HighestModSeq > 0 ? sides.Remote.Selected.HighestModSeq : null;

        // Flags a side holds after our own STORE whose twin on the other side was refused: a change to
        // merge with what the refused side now holds, even where it equals the record (a conflict whose
        // union is the old flags must not lose to the other client's later edit).
        var carriedLocal = new Dictionary<uint, MessageFlags>();
        var carriedRemote = new Dictionary<uint, MessageFlags>();
        for (var round = 0; (localChanged.Count + remoteChanged.Count) > 0; round++)
        {
            var plan = new FlagPlan();
            foreach (var localUid in localChanged.Keys.Concat(remoteChanged.Keys.Select(r => byRemote[r].LocalUid)).Distinct())
            {
                var pair = byLocal[localUid];
                var carried = (carriedLocal.ContainsKey(pair.LocalUid), carriedRemote.ContainsKey(pair.RemoteUid));
                PlanPair(pair, localChanged.GetValueOrDefault(pair.LocalUid), remoteChanged.GetValueOrDefault(pair.RemoteUid), carried, recorded, sides, plan, (unagreed, repaired, unsure));
            }

            if (round == MaxFlagRounds)
            {
                GiveUpStores(plan, byLocal, localChanged, remoteChanged);
                break;
            }

            var localStore = StoreGroupsAsync(SyncSide.Local, plan.Stores(SyncSide.Local), localSince, cancellationToken);
            var remoteStore = StoreGroupsAsync(SyncSide.Remote, plan.Stores(SyncSide.Remote), remoteSince, cancellationToken);
            await Task.WhenAll(localStore, remoteStore).ConfigureAwait(false); // as in ExpungeBothAsync
            var localModified = await localStore.ConfigureAwait(false);
            var remoteModified = await remoteStore.ConfigureAwait(false);

            // Record what now holds. A pair whose STORE was refused on either side (someone changed it
            // meanwhile) keeps its old record on both sides and stays pending: the refused side is
            // re-read, and the other side carries what it now holds as its change, so the next round
            // merges both changes instead of letting the re-read one overwrite ours.
            var updates = new List<(uint, string, string)>();
            carriedLocal = [];
            carriedRemote = [];
            foreach (var (localUid, outcome) in plan.Outcomes)
            {
                var pair = byLocal[localUid];
                var localRefused = localModified.Contains(pair.LocalUid);
                var remoteRefused = remoteModified.Contains(pair.RemoteUid);
                if (localRefused || remoteRefused)
                {
                    if (!localRefused)
                    {
                        carriedLocal[pair.LocalUid] = new MessageFlags(pair.LocalUid, FlagList.Split(outcome.Local), 0);
                    }

                    if (!remoteRefused)
                    {
                        carriedRemote[pair.RemoteUid] = new MessageFlags(pair.RemoteUid, FlagList.Split(outcome.Remote), 0);
                    }

                    continue;
                }

                recorded[localUid] = (outcome.Local, outcome.Remote);
                updates.Add((localUid, outcome.Local, outcome.Remote));
            }

            _context.State.SetPairFlags(_id, updates);
            localChanged = await RereadAsync(SyncSide.Local, localModified, cancellationToken).ConfigureAwait(false);
            remoteChanged = await RereadAsync(SyncSide.Remote, remoteModified, cancellationToken).ConfigureAwait(false);
            localSince = MaxModSeq(localChanged) ?? localSince;
            remoteSince = MaxModSeq(remoteChanged) ?? remoteSince;
            Carry(carriedLocal, localChanged);
            Carry(carriedRemote, remoteChanged);
        }

        if (unagreed is { Count: > 0 })
        {
            _context.Reporter.Report(new SyncEvent(
                SyncEventKind.FlagConflict,
                $"Flags differed on {unagreed.Count} message(s) of {_display} {unagreedWhy}. Setting both to the union.",
                null,
                _display,
                unagreed.Count));
        }

        if (unsure.Count > 0)
        {
            var restored = (sides.RestoredSides.Local, sides.RestoredSides.Remote) switch
            {
                (true, true) => "both servers",
                (true, false) => "the local server",
                (false, true) => "the remote server",
                _ => null,
            };
            var why = restored is not null
                ? $"as {restored} was restored from a backup (its flags are the backup's, not changes: a flag removed since then comes back)"
                : "though neither side changed them since the last sync (a missed update)";
            _context.Reporter.Report(new SyncEvent(
                SyncEventKind.FlagConflict,
                $"Flags differed on {unsure.Count} message(s) of {_display} {why}. Setting both to the union.",
                null,
                _display,
                unsure.Count));
        }

        if (repaired.Count > 0)
        {
            _context.Reporter.Report(new SyncEvent(
                SyncEventKind.FlagConflict,
                $"Flags differed on {repaired.Count} message(s) of {_display} whose flags were known on one side only (re-paired after a UIDVALIDITY change, or copied by an interrupted run). Setting both to the union.",
                null,
                _display,
                repaired.Count));
        }
    }

    // A side's own re-read (of what it refused) wins over what we carry for it; what is not carried is no
    // longer forced to count as a change.
    private static void Carry(Dictionary<uint, MessageFlags> carried, Dictionary<uint, MessageFlags> changed)
    {
        foreach (var (uid, flags) in carried)
        {
            if (!changed.TryAdd(uid, flags))
            {
                carried.Remove(uid);
            }
        }
    }

    // Out of rounds: what needs no STORE any more is recorded; a pair that still does keeps its old
    // record, and each side that reported a change for it keeps the HIGHESTMODSEQ it had (see
    // ModSeqsToStoreAsync), so the next run reads the change again instead of dropping it.
    private void GiveUpStores(FlagPlan plan, Dictionary<uint, MappedPair> byLocal, Dictionary<uint, MessageFlags> localChanged, Dictionary<uint, MessageFlags> remoteChanged)
    {
        var localStores = plan.Stores(SyncSide.Local).Values.SelectMany(u => u).ToHashSet();
        var remoteStores = plan.Stores(SyncSide.Remote).Values.SelectMany(u => u).ToHashSet();
        var pending = plan.Outcomes.Keys.Select(l => byLocal[l]).Where(p => localStores.Contains(p.LocalUid) || remoteStores.Contains(p.RemoteUid)).ToList();
        var pendingLocal = pending.Select(p => p.LocalUid).ToHashSet();
        _context.State.SetPairFlags(_id, plan.Outcomes.Where(o => !pendingLocal.Contains(o.Key)).Select(o => (o.Key, o.Value.Local, o.Value.Remote)));
        if (pending.Count == 0)
        {
            return;
        }

        if (pending.Any(p => localChanged.ContainsKey(p.LocalUid)))
        {
            _heldBack.Add(SyncSide.Local);
        }

        if (pending.Any(p => remoteChanged.ContainsKey(p.RemoteUid)))
        {
            _heldBack.Add(SyncSide.Remote);
        }

        _context.Reporter.Warning(
            $"Flags of {pending.Count} message(s) kept changing while we stored ours; gave up after {MaxFlagRounds} attempts "
            + $"(local UID(s) {UidText.Compact([.. pending.Select(p => p.LocalUid)])}, remote UID(s) {UidText.Compact([.. pending.Select(p => p.RemoteUid)])}). "
            + "The next run reads their changes again.",
            null,
            _display);
    }

    private void PlanPair(
        MappedPair pair,
        MessageFlags? localChange,
        MessageFlags? remoteChange,
        (bool Local, bool Remote) carried,
        Dictionary<uint, (string? LocalFlags, string? RemoteFlags)> recorded,
        SidePair sides,
        FlagPlan plan,
        (HashSet<uint>? Unagreed, HashSet<uint> Repaired, HashSet<uint> Unsure) summaries)
    {
        var (unagreed, repaired, unsure) = summaries;
        var (recordedLocal, recordedRemote) = recorded[pair.LocalUid];
        // A pair re-paired after a UIDVALIDITY change has a record only on the side whose UIDs stayed
        // valid (the last agreed flags); the other side's list is compared with that record.
        var oneSided = (recordedLocal is null) != (recordedRemote is null);
        var localBase = recordedLocal ?? recordedRemote;
        var remoteBase = recordedRemote ?? recordedLocal;
        var localFlags = localChange is null ? null : FlagList.Normalize(localChange.Flags);
        var remoteFlags = remoteChange is null ? null : FlagList.Normalize(remoteChange.Flags);
        // A reported change equal to the recorded flags is an echo of our own STORE: not a change, unless
        // it is carried (see SyncFlagsAsync).
        var localDid = localFlags is not null && (carried.Local || !string.Equals(FlagList.Join(localFlags), localBase, StringComparison.Ordinal));
        var remoteDid = remoteFlags is not null && (carried.Remote || !string.Equals(FlagList.Join(remoteFlags), remoteBase, StringComparison.Ordinal));
        if (!localDid && !remoteDid)
        {
            if (oneSided && (recordedLocal is null ? localFlags : remoteFlags) is not null)
            {
                plan.Outcomes[pair.LocalUid] = (localBase!, remoteBase!); // seen equal to the record: record it on both sides
            }

            return;
        }

        IReadOnlyList<string> wanted;
        if (!oneSided && recordedLocal is not null
            && ((localDid && !IsChange(SyncSide.Local, localChange!, sides)) || (remoteDid && !IsChange(SyncSide.Remote, remoteChange!, sides))))
        {
            // A list that differs from the record without being a change says nothing about what the
            // user removed: keep every flag either side holds, as on an adoption.
            var localNow = localFlags ?? FlagList.Split(localBase!);
            var remoteNow = remoteFlags ?? FlagList.Split(remoteBase!);
            wanted = FlagList.Union(localNow, remoteNow);
            if (!localNow.SequenceEqual(remoteNow, StringComparer.Ordinal))
            {
                unsure.Add(pair.LocalUid);
            }
        }
        else if (localDid && remoteDid)
        {
            if (localFlags!.SequenceEqual(remoteFlags!, StringComparer.Ordinal))
            {
                var same = FlagList.Join(localFlags!);
                plan.Outcomes[pair.LocalUid] = (same, same);
                return;
            }

            wanted = FlagList.Union(localFlags!, remoteFlags!);
            if (oneSided)
            {
                repaired.Add(pair.LocalUid);
            }
            else if (unagreed is not null && recordedLocal is null && recordedRemote is null)
            {
                unagreed.Add(pair.LocalUid);
            }
            else
            {
                _context.Reporter.Report(new SyncEvent(
                    SyncEventKind.FlagConflict,
                    $"Conflicting flag update in {_display} for local UID {pair.LocalUid} ({FlagList.Join(localFlags!)}) and remote UID {pair.RemoteUid} ({FlagList.Join(remoteFlags!)}). Setting both to the union ({FlagList.Join(wanted)}).",
                    null,
                    _display));
            }
        }
        else
        {
            wanted = localDid ? localFlags! : remoteFlags!;
            if (oneSided && (localDid ? recordedLocal : recordedRemote) is null)
            {
                // Only the side re-paired after a UIDVALIDITY change differs from the record: a recreated
                // mailbox may have lost flags, so what it lacks is kept (union), not taken for a removal.
                wanted = FlagList.Union(wanted, FlagList.Split(localDid ? remoteBase! : localBase!));
                repaired.Add(pair.LocalUid);
            }
        }

        // A side that reported its flags is compared with what it holds now, never with the record: a
        // conflict whose union equals the old record must still reach both sides. A side that reported
        // nothing still holds its record.
        var newLocal = Target(SyncSide.Local, pair.LocalUid, wanted, localFlags, recordedLocal, sides, plan);
        var newRemote = Target(SyncSide.Remote, pair.RemoteUid, wanted, remoteFlags, recordedRemote, sides, plan);
        plan.Outcomes[pair.LocalUid] = (newLocal, newRemote);
    }

    /// <summary>
    /// Whether flags that differ from the record are a change made since the last sync. A restored
    /// side's lists are what the backup held, not changes. In repair, a message whose MODSEQ is not
    /// above the stored HIGHESTMODSEQ was not touched since then: the record missed an update.
    /// </summary>
    private bool IsChange(SyncSide side, MessageFlags change, SidePair sides)
    {
        if (sides.Restored(side))
        {
            return false;
        }

        var since = sides.StoredOf(side)?.HighestModSeq ?? 0;
        return !_context.Repair || since == 0 || sides.Of(side).Selected.HighestModSeq == 0 || change.ModSeq == 0 || change.ModSeq > since;
    }

    // What side `side` should end up with; schedules a STORE unless it already has it.
    private string Target(SyncSide side, uint uid, IReadOnlyList<string> wanted, IReadOnlyList<string>? current, string? recorded, SidePair sides, FlagPlan plan)
    {
        var has = current is not null ? FlagList.Join(current) : recorded;
        // Keep what this side has and the other side cannot store (a keyword the other server refuses):
        // the other side's list says nothing about it.
        var otherCannotStore = new List<string>();
        if (has is not null)
        {
            FlagList.Storable(FlagList.Split(has), sides.Of(side.Other()).Selected, otherCannotStore);
        }

        var storable = CopierTo(side).StorableOn(side, FlagList.Union(wanted, otherCannotStore), sides.Of(side).Selected);
        var joined = FlagList.Join(storable);
        if (!string.Equals(has, joined, StringComparison.Ordinal))
        {
            plan.Add(side, joined, uid);
        }

        return joined;
    }

    private async Task<HashSet<uint>> StoreGroupsAsync(SyncSide side, IReadOnlyDictionary<string, List<uint>> groups, ulong? unchangedSince, CancellationToken cancellationToken)
    {
        if (groups.Count > 0)
        {
            MarkWritten(side);
        }

        // One STORE per target flag list, all issued at once: the client pipelines them. A message a
        // move brought here after the SELECT is stored unless changed since it was seen (see MovedIn).
        var parts = groups.SelectMany(group => group.Value.GroupBy(uid => Since(side, uid, unchangedSince)).Select(part => (group.Key, Uids: part.Order().ToList(), Since: part.Key))).ToList();
        var stores = parts
            .Select(async (store, i) =>
            {
                if (i == parts.Count - 1)
                {
                    SendCheckWithNextWrite(side, 1); // issued in order: the last STORE is the last write here
                }

                var refused = await _context.Server(side).StoreFlagsAsync(store.Uids, FlagList.Split(store.Key), store.Since, cancellationToken).ConfigureAwait(false);
                return (Flags: store.Key, Count: store.Uids.Count, Refused: refused);
            }).ToList();
        var results = await Task.WhenAll(stores).ConfigureAwait(false);

        var modified = new HashSet<uint>();
        var stored = 0;
        foreach (var (flags, count, refused) in results)
        {
            modified.UnionWith(refused);
            stored += count - refused.Count;
            if (refused.Count > 0)
            {
                _context.Reporter.Info($"Couldn't update flags ({flags}) for UID {UidText.Compact([.. refused])}, will try again", side, _display);
            }
        }

        if (stored > 0)
        {
            _context.Reporter.Report(new SyncEvent(SyncEventKind.FlagsUpdated, $"Updated flags of {stored} UID(s)", side, _display, stored));
        }

        return modified;
    }

    private ulong? Since(SyncSide side, uint uid, ulong? unchangedSince) =>
        unchangedSince is { } since && _movedIn?.SeenAt(side, uid) is { } seen ? Math.Max(since, seen) : unchangedSince;

    private async Task<Dictionary<uint, MessageFlags>> RereadAsync(SyncSide side, HashSet<uint> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return [];
        }

        var flags = await _context.Server(side).FetchFlagsAsync([.. uids.Order()], cancellationToken).ConfigureAwait(false);
        return flags.ToDictionary(f => f.Uid);
    }

    private static ulong? MaxModSeq(Dictionary<uint, MessageFlags> changes) =>
        changes.Count == 0 ? null : changes.Values.Max(c => c.ModSeq) is var m and > 0 ? m : null;
}
