using System.Globalization;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Copies messages from one side into APPENDs on the other, in batches bounded by count and bytes.
/// Each batch: copy intents committed, APPEND, then mappings committed with the intents removed
/// (invariant 4 of <see cref="SyncStateStore"/>). Without APPENDUID the new UIDs are found by fingerprint.
/// </summary>
internal sealed class MessageCopier(SyncContext context, long mailboxId, string display)
{
    private readonly HashSet<string> _droppedReported = new(StringComparer.Ordinal);

    /// <summary>
    /// Copies <paramref name="uids"/> from <paramref name="source"/>; returns the target UIDs created.
    /// Sizes are fetched first and the UIDs cut into batches within the count and byte budget; batch k+1
    /// is fetched from the source while batch k is appended to the target, so at most two batches are
    /// held in memory whatever the mailbox size.
    /// </summary>
    public async Task<IReadOnlyList<uint>> CopyAsync(
        SyncSide source, IReadOnlyList<uint> uids, SelectedMailbox target, string targetMailbox, CancellationToken cancellationToken)
    {
        var created = new List<uint>();
        if (uids.Count == 0)
        {
            return created;
        }

        var sizes = (await context.Server(source).FetchFingerprintsAsync(uids, cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Uid, p => p.Size);
        var batches = Plan(uids.Where(sizes.ContainsKey), sizes);
        ReportPlanned(source, batches, sizes);
        Task<List<FetchedMessage>>? next = batches.Count > 0 ? FetchAsync(source, batches[0], cancellationToken) : null;
        try
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var messages = await next!.ConfigureAwait(false);
                next = i + 1 < batches.Count ? FetchAsync(source, batches[i + 1], cancellationToken) : null;
                created.AddRange(await AppendBatchAsync(source, messages, target, targetMailbox, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            // A failed APPEND leaves the prefetch running: observe it so its outcome is not lost noise.
            _ = next?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return created;
    }

    private void ReportPlanned(SyncSide source, List<List<uint>> batches, Dictionary<uint, long> sizes)
    {
        var count = batches.Sum(b => b.Count);
        var bytes = batches.Sum(b => b.Sum(uid => sizes[uid]));
        var target = source.Other();
        context.Reporter.Report(new SyncEvent(SyncEventKind.CopyPlanned, $"{count} message(s) to copy to {target.Name()}", target, display, count, bytes));
    }

    /// <summary>Keeps what the target can store, reporting each keyword it cannot once per mailbox.</summary>
    public IReadOnlyList<string> StorableOn(SyncSide targetSide, IReadOnlyList<string> flags, SelectedMailbox target)
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

    private List<List<uint>> Plan(IEnumerable<uint> uids, Dictionary<uint, long> sizes)
    {
        var batches = new List<List<uint>>();
        var batch = new List<uint>();
        long bytes = 0;
        foreach (var uid in uids)
        {
            var size = Math.Max(sizes[uid], 0);
            if (batch.Count > 0 && (batch.Count >= context.Options.AppendBatchMaxMessages || bytes + size > context.Options.AppendBatchMaxBytes))
            {
                batches.Add(batch);
                batch = [];
                bytes = 0;
            }

            batch.Add(uid);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        return batches;
    }

    private async Task<List<FetchedMessage>> FetchAsync(SyncSide source, List<uint> uids, CancellationToken cancellationToken)
    {
        var messages = new List<FetchedMessage>(uids.Count);
        await foreach (var message in context.Server(source).FetchMessagesAsync(uids, cancellationToken).ConfigureAwait(false))
        {
            messages.Add(message);
        }

        return messages;
    }

    private async Task<IReadOnlyList<uint>> AppendBatchAsync(
        SyncSide source, List<FetchedMessage> messages, SelectedMailbox target, string targetMailbox, CancellationToken cancellationToken)
    {
        var batch = new List<(FetchedMessage Message, IReadOnlyList<string> SourceFlags, IReadOnlyList<string> TargetFlags)>();
        long bytes = 0;
        try
        {
            foreach (var message in messages.OrderBy(m => m.Uid))
            {
                if (message.Length == 0)
                {
                    context.Reporter.Warning($"Ignoring new 0-length message (UID {message.Uid})", source, display);
                    continue;
                }

                var flags = FlagList.Normalize(message.Flags);
                batch.Add((message, flags, StorableOn(source.Other(), flags, target)));
                bytes += message.Length;
            }

            return batch.Count == 0 ? [] : await FlushAsync(source, batch, bytes, target, targetMailbox, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var message in messages)
            {
                message.Spooled?.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<uint>> FlushAsync(
        SyncSide source,
        List<(FetchedMessage Message, IReadOnlyList<string> SourceFlags, IReadOnlyList<string> TargetFlags)> batch,
        long bytes,
        SelectedMailbox target,
        string targetMailbox,
        CancellationToken cancellationToken)
    {
        var targetSide = source.Other();
        var intents = batch.Select(b => new CopyIntent(
            source,
            b.Message.Uid,
            b.Message.Length,
            b.Message.InternalDate?.ToString("o", CultureInfo.InvariantCulture),
            MessageIdReader.Find(b.Message.Body.Span))).ToList();
        context.State.RecordCopyIntents(mailboxId, intents);

        var toAppend = batch.Select(b => new MessageToAppend(b.TargetFlags, b.Message.InternalDate, b.Message.Body) { Spooled = b.Message.Spooled }).ToList();
        var result = await context.Server(targetSide).AppendAsync(targetMailbox, toAppend, cancellationToken).ConfigureAwait(false);
        if (result.UidValidity is { } validity && validity != target.UidValidity)
        {
            throw new SyncException(
                $"UIDVALIDITY changed! ({validity} != {target.UidValidity})  Need to invalidate the UID cache for {display}.", targetSide, display);
        }

        List<CompletedCopy> copies;
        if (result.Uids is { } appended && appended.Count == batch.Count)
        {
            copies = [.. batch.Zip(appended, (b, uid) => Pair(source, b.Message.Uid, uid, FlagList.Join(b.SourceFlags), FlagList.Join(b.TargetFlags)))];
        }
        else
        {
            // No APPENDUID: find the new messages among the target's unmapped UIDs.
            var candidates = await CopyIntentResolver.UnmappedTargetUidsAsync(context, mailboxId, targetSide, target.UidNext, cancellationToken).ConfigureAwait(false);
            var (found, missing) = await CopyIntentResolver.MatchAsync(context.Server(targetSide), intents, candidates, cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                throw new SyncException(
                    $"APPEND to {targetSide.Name()} gave no APPENDUID and {missing.Count} appended message(s) could not be found again.", targetSide, display);
            }

            copies = [.. found];
        }

        context.State.CompleteCopies(mailboxId, source, copies);
        var targetUids = copies.Select(c => targetSide == SyncSide.Local ? c.LocalUid : c.RemoteUid).ToList();
        var sourceUids = copies.Select(c => source == SyncSide.Local ? c.LocalUid : c.RemoteUid).ToList();
        var text = targetSide == SyncSide.Local
            ? $"Added {copies.Count} UID(s) {UidText.Compact(targetUids)} <- {UidText.Compact(sourceUids)}"
            : $"Added {copies.Count} UID(s) {UidText.Compact(sourceUids)} -> {UidText.Compact(targetUids)}";
        context.Reporter.Report(new SyncEvent(SyncEventKind.MessagesCopied, text, targetSide, display, copies.Count, bytes));
        return targetUids;
    }

    private static CompletedCopy Pair(SyncSide source, uint sourceUid, uint targetUid, string sourceFlags, string targetFlags) =>
        source == SyncSide.Local
            ? new CompletedCopy(sourceUid, targetUid, sourceFlags, targetFlags)
            : new CompletedCopy(targetUid, sourceUid, targetFlags, sourceFlags);
}
