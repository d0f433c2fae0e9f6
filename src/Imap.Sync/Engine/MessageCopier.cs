using System.Globalization;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Copies messages from one side into APPENDs on the other, in batches bounded by count and bytes.
/// Each batch: copy intents committed, APPEND, then mappings committed with the intents removed
/// (invariant 4 of <see cref="SyncStateStore"/>); while APPENDUID is trusted, the next batch's APPEND is
/// issued before the previous one's reply, so the target does not wait a round trip and two commits per batch. Without an APPENDUID that <see cref="AppendUidCheck"/> trusts,
/// the new UIDs are found by fingerprint.
/// </summary>
internal sealed class MessageCopier(SyncContext context, long mailboxId, string display)
{
    private readonly HashSet<string> _droppedReported = new(StringComparer.Ordinal);
    private readonly AppendUidCheck _appendUids = new(context, display);

    /// <summary>
    /// Copies <paramref name="uids"/> from <paramref name="source"/>; returns the target UIDs created.
    /// Sizes are fetched first, a few thousand at a time, and the UIDs cut into batches within the count and byte budget as they come; up to
    /// <see cref="SyncOptions.CopyPrefetchBatches"/> later batches are fetched from the source while one is
    /// appended to the target, so memory stays bounded whatever the mailbox size.
    /// </summary>
    public async Task<IReadOnlyList<uint>> CopyAsync(
        SyncSide source, IReadOnlyList<uint> uids, SelectedMailboxState target, string targetMailbox, CancellationToken cancellationToken)
    {
        var created = new List<uint>();
        if (uids.Count == 0)
        {
            return created;
        }

        var plan = new CopyBatchPlan(context.Options.AppendBatchMaxMessages, context.Options.AppendBatchMaxBytes);
        var gone = new List<uint>();
        await FingerprintBatches.SizesAsync(
            context.Server(source),
            uids,
            (asked, sizes) =>
            {
                foreach (var uid in asked)
                {
                    if (sizes.TryGetValue(uid, out var size))
                    {
                        plan.Add(uid, size);
                    }
                    else
                    {
                        gone.Add(uid);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (gone.Count > 0)
        {
            await OmittedMessages.EnsureGoneAsync(context, source, gone, "a UID FETCH of message sizes", display, cancellationToken).ConfigureAwait(false);

            // Gone from the source meanwhile: an intent kept for its copy (see ResumeInterruptedCopiesAsync) has nothing left to do.
            context.State.DropCopyIntents(mailboxId, source, gone);
        }

        var batches = plan.Finish();
        var targetSide = source.Other();
        context.Reporter.Report(new SyncEvent(SyncEventKind.CopyPlanned, $"{plan.Count} message(s) to copy to {targetSide.Name()}", targetSide, display, plan.Count, plan.Bytes));
        var depth = Math.Max(1, context.Options.CopyPrefetchBatches);
        var fetches = new Queue<Task<List<FetchedMessage>>>();
        var sent = new Queue<SentBatch>();
        var started = 0;
        try
        {
            StartFetches();
            while (fetches.Count > 0)
            {
                var messages = await fetches.Dequeue().ConfigureAwait(false);
                StartFetches(); // keeps `depth` batches coming while earlier ones are appended

                // While APPENDUID is trusted, this batch's APPEND goes out before the previous one's reply:
                // its intents are committed first and its mappings after its own reply, as without pipelining.
                var inFlight = _appendUids.TrustedSoFar(source.Other()) ? 2 : 1;
                while (sent.Count >= inFlight)
                {
                    created.AddRange(await CompleteAsync(source, sent, target, cancellationToken).ConfigureAwait(false));
                }

                if (Send(source, messages, target, targetMailbox, cancellationToken) is { } batch)
                {
                    sent.Enqueue(batch);
                }

                if (fetches.Count > 0 && context.Options.StopRequested.IsCancellationRequested)
                {
                    // The batches appended so far are mapped and committed; the rest waits for the next
                    // run, so a stop does not wait for a whole large copy.
                    await CompleteAllAsync().ConfigureAwait(false);
                    throw new MailboxStoppedException();
                }
            }

            await CompleteAllAsync().ConfigureAwait(false);
        }
        finally
        {
            // A failed APPEND leaves prefetches running: observe them, and release what they spooled.
            foreach (var fetch in fetches)
            {
                _ = fetch.ContinueWith(ReleaseUnused, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            // APPENDs still in flight release their bodies when they complete; their intents stay for the next run.
            foreach (var batch in sent)
            {
                _ = batch.Reply.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }

        await TargetEmailIds.RecordAsync(context, mailboxId, source.Other(), created, cancellationToken).ConfigureAwait(false);
        return created;

        // A second unanswered APPEND (pipelined, above) holds its bodies like a prefetched batch does:
        // it counts against the depth, so a copy holds no more batches than without pipelining. One
        // fetch is always under way, whatever the depth, or the loop above would end early.
        void StartFetches()
        {
            while ((fetches.Count == 0 || fetches.Count + Math.Max(0, sent.Count - 1) < depth) && started < batches.Count)
            {
                fetches.Enqueue(FetchAsync(source, batches[started++], cancellationToken));
            }
        }

        async Task CompleteAllAsync()
        {
            while (sent.Count > 0)
            {
                created.AddRange(await CompleteAsync(source, sent, target, cancellationToken).ConfigureAwait(false));
            }
        }
    }

    private static void ReleaseUnused(Task<List<FetchedMessage>> fetch)
    {
        if (fetch.IsCompletedSuccessfully)
        {
            foreach (var message in fetch.Result)
            {
                message.Release();
            }
        }
        else
        {
            _ = fetch.Exception;
        }
    }

    /// <summary>Keeps what the target can store, reporting each keyword it cannot once per mailbox.</summary>
    public IReadOnlyList<string> StorableOn(SyncSide targetSide, IReadOnlyList<string> flags, SelectedMailboxState target)
    {
        var dropped = new List<string>();
        var kept = FlagList.Storable(flags, target, dropped);
        foreach (var flag in dropped)
        {
            if (_droppedReported.Add(flag))
            {
                context.Reporter.Warning($"Flag or keyword {flag} can't be stored (PERMANENTFLAGS); it is kept on {targetSide.Other().Name()} only", targetSide, display);
            }
        }

        return kept;
    }

    private async Task<List<FetchedMessage>> FetchAsync(SyncSide source, uint[] uids, CancellationToken cancellationToken)
    {
        var messages = new List<FetchedMessage>(uids.Length);
        var unanswered = uids.ToHashSet();
        try
        {
            await foreach (var message in context.Server(source).FetchMessagesAsync(uids, cancellationToken).ConfigureAwait(false))
            {
                // Only the first answer for each UID asked for: a message the server sent twice, or one
                // not asked for, would otherwise be appended twice or copied without a reason.
                if (unanswered.Remove(message.Uid))
                {
                    messages.Add(message);
                }
                else
                {
                    message.Release();
                }
            }

            await OmittedMessages.EnsureGoneAsync(context, source, unanswered, "a UID FETCH of message bodies", display, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            messages.ForEach(m => m.Release());
            throw;
        }

        return messages;
    }

    /// <summary>
    /// Commits the copy intents of <paramref name="messages"/> and issues their APPEND without waiting for
    /// its reply; the bodies are released once the APPEND is done with them. Null when nothing is left to append.
    /// </summary>
    private SentBatch? Send(SyncSide source, List<FetchedMessage> messages, SelectedMailboxState target, string targetMailbox, CancellationToken cancellationToken)
    {
        var entries = new List<SentMessage>();
        var sending = new List<FetchedMessage>();
        long bytes = 0;
        try
        {
            foreach (var message in messages.OrderBy(m => m.Uid))
            {
                if (message.Length == 0)
                {
                    context.Reporter.Warning($"Ignoring new 0-length message (UID {message.Uid})", source, display);
                    context.State.DropCopyIntents(mailboxId, source, [message.Uid]);
                    continue;
                }

                var flags = FlagList.Normalize(message.Flags);
                entries.Add(new SentMessage(message.Uid, message.EmailId, flags, StorableOn(source.Other(), flags, target)));
                sending.Add(message);
                bytes += message.Length;
            }

            if (sending.Count == 0)
            {
                messages.ForEach(m => m.Release());
                return null;
            }

            var intents = sending.Select(m => new CopyIntent(
                source,
                m.Uid,
                m.Length,
                m.InternalDate?.ToString("o", CultureInfo.InvariantCulture),
                MessageIdReader.Find(m.Body.Span))).ToList();
            context.State.RecordCopyIntents(mailboxId, intents);

            var toAppend = sending.Zip(entries, (m, e) => new MessageToAppend(e.TargetFlags, m.InternalDate, m.Body) { Spooled = m.Spooled }).ToList();
            return new SentBatch(entries, intents, bytes, AppendThenReleaseAsync(source.Other(), targetMailbox, toAppend, messages, cancellationToken));
        }
        catch
        {
            messages.ForEach(m => m.Release());
            throw;
        }
    }

    private async Task<AppendedUids> AppendThenReleaseAsync(
        SyncSide targetSide, string targetMailbox, List<MessageToAppend> toAppend, List<FetchedMessage> messages, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Server(targetSide).AppendAsync(targetMailbox, toAppend, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Only now, with the APPEND completed (or failed), may the bodies' memory hold other bodies.
            messages.ForEach(m => m.Release());
        }
    }

    /// <summary>
    /// Waits for the oldest APPEND's reply and commits its mappings (removing its intents). Without a
    /// trusted APPENDUID its messages are found by fingerprint; the batches sent after it are awaited
    /// first and looked for with it, since their messages are among the target's unmapped UIDs too.
    /// </summary>
    private async Task<IReadOnlyList<uint>> CompleteAsync(SyncSide source, Queue<SentBatch> sent, SelectedMailboxState target, CancellationToken cancellationToken)
    {
        var targetSide = source.Other();
        var batch = sent.Dequeue();
        var result = await batch.Reply.ConfigureAwait(false);
        CheckUidValidity(result, batch.Messages.Count, targetSide, target);

        List<CompletedCopy> copies;
        var bytes = batch.Bytes;
        if (_appendUids.Trusted(result, batch.Messages.Count, targetSide, target) is { } appended)
        {
            copies = [.. batch.Messages.Zip(appended, (m, uid) => Pair(source, m.Uid, uid, FlagList.Join(m.SourceFlags), FlagList.Join(m.TargetFlags), m.EmailId))];
        }
        else
        {
            var unresolved = new List<SentBatch> { batch };
            while (sent.TryDequeue(out var later))
            {
                CheckUidValidity(await later.Reply.ConfigureAwait(false), later.Messages.Count, targetSide, target);
                unresolved.Add(later);
                bytes += later.Bytes;
            }

            copies = await FindAppendedAsync(source, unresolved, target, cancellationToken).ConfigureAwait(false);
        }

        context.State.CompleteCopies(mailboxId, source, copies);
        var targetUids = copies.Select(c => targetSide == SyncSide.Local ? c.LocalUid : c.RemoteUid).ToList();
        _appendUids.Appended(targetSide, targetUids);
        var sourceUids = copies.Select(c => source == SyncSide.Local ? c.LocalUid : c.RemoteUid).ToList();
        var text = targetSide == SyncSide.Local
            ? $"Added {copies.Count} UID(s) {UidText.Compact(targetUids)} <- {UidText.Compact(sourceUids)}"
            : $"Added {copies.Count} UID(s) {UidText.Compact(sourceUids)} -> {UidText.Compact(targetUids)}";
        context.Reporter.Report(new SyncEvent(SyncEventKind.MessagesCopied, text, targetSide, display, copies.Count, bytes));
        return targetUids;
    }

    private void CheckUidValidity(AppendedUids result, int count, SyncSide targetSide, SelectedMailboxState target)
    {
        if (result.UidValidity is { } validity && validity != target.UidValidity)
        {
            // The intents stay: the next run looks for these messages instead of copying them again.
            throw new SyncException(
                $"APPENDUID gives UIDVALIDITY {validity} but {display} was selected with UIDVALIDITY {target.UidValidity} "
                + $"(the server contradicts itself, or the mailbox was recreated meanwhile). The {count} message(s) just appended are not mapped; "
                + "the next run looks for them instead of copying them again.",
                targetSide,
                display);
        }
    }

    /// <summary>No usable APPENDUID: finds the new messages among the target's unmapped UIDs.</summary>
    private async Task<List<CompletedCopy>> FindAppendedAsync(SyncSide source, List<SentBatch> batches, SelectedMailboxState target, CancellationToken cancellationToken)
    {
        var targetSide = source.Other();
        var intents = batches.SelectMany(b => b.Intents).ToList();
        var candidates = await CopyIntentResolver.UnmappedTargetUidsAsync(context, mailboxId, targetSide, target.UidNext, cancellationToken).ConfigureAwait(false);
        var (found, missing) = await CopyIntentResolver.MatchAsync(context.Server(targetSide), intents, candidates, cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            throw new SyncException(
                $"APPEND to {targetSide.Name()} gave no APPENDUID and {missing.Count} appended message(s) could not be found again.", targetSide, display);
        }

        // Each pair records the flags its message was appended with, as with an APPENDUID: unknown
        // flags would make the target's next report look like a change to copy over the source's.
        var bySource = batches.SelectMany(b => b.Messages).ToDictionary(m => m.Uid);
        return [.. found.Select(c =>
        {
            var (sourceUid, targetUid) = source == SyncSide.Local ? (c.LocalUid, c.RemoteUid) : (c.RemoteUid, c.LocalUid);
            var sent = bySource[sourceUid];
            var pair = Pair(source, sourceUid, targetUid, FlagList.Join(sent.SourceFlags), FlagList.Join(sent.TargetFlags), sent.EmailId);
            // The target's id came with the fingerprints it was found by.
            return source == SyncSide.Local ? pair with { RemoteEmailId = c.RemoteEmailId } : pair with { LocalEmailId = c.LocalEmailId };
        })];
    }

    /// <summary>What is kept of a message once its APPEND is issued (its body goes back to the pool after the APPEND).</summary>
    private sealed record SentMessage(uint Uid, string? EmailId, IReadOnlyList<string> SourceFlags, IReadOnlyList<string> TargetFlags);

    /// <summary>A batch whose intents are committed and whose APPEND is issued; <c>Reply</c> completes with the server's answer.</summary>
    private sealed record SentBatch(List<SentMessage> Messages, List<CopyIntent> Intents, long Bytes, Task<AppendedUids> Reply);

    // The source's id of the message is recorded with the pair (it rode in the body's FETCH); the
    // target's is not known without a FETCH of its own, which a copy does not spend.
    private static CompletedCopy Pair(SyncSide source, uint sourceUid, uint targetUid, string sourceFlags, string targetFlags, string? sourceEmailId) =>
        source == SyncSide.Local
            ? new CompletedCopy(sourceUid, targetUid, sourceFlags, targetFlags) { LocalEmailId = sourceEmailId }
            : new CompletedCopy(targetUid, sourceUid, targetFlags, sourceFlags) { RemoteEmailId = sourceEmailId };
}
