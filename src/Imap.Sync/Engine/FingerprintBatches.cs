using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>
/// Fingerprints of many messages (a whole mailbox on a first sync), fetched in batches with a few in
/// flight on the connection (pipelined), so a 100k-message mailbox neither waits a round trip per
/// batch nor holds the server's whole reply at once: only the fingerprints are kept.
/// </summary>
internal static class FingerprintBatches
{
    public const int BatchSize = 1000;

    public const int InFlight = 4;

    /// <summary>The batch of <see cref="SizesAsync"/>: a copy needs only a number per message.</summary>
    public const int SizeBatchSize = 4 * BatchSize;

    public static async Task<List<MessageFingerprint>> FetchAsync(IMailServer server, IReadOnlyList<uint> uids, int batchSize, CancellationToken cancellationToken)
    {
        var result = new List<MessageFingerprint>(uids.Count);
        await EachBatchAsync(server, uids, batchSize, result.AddRange, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The sizes of the messages the server still has (a copy plans its batches by them). Batches of
    /// <see cref="SizeBatchSize"/>: the Message-IDs and dates of a whole large mailbox are not held at once
    /// for a number each, and a slow link still pays only a few round trips.
    /// </summary>
    public static async Task<Dictionary<uint, long>> SizesAsync(IMailServer server, IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<uint, long>(uids.Count);
        await EachBatchAsync(
            server,
            uids,
            SizeBatchSize,
            prints =>
            {
                foreach (var print in prints)
                {
                    sizes.TryAdd(print.Uid, print.Size);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return sizes;
    }

    private static async Task EachBatchAsync(IMailServer server, IReadOnlyList<uint> uids, int batchSize, Action<IReadOnlyList<MessageFingerprint>> take, CancellationToken cancellationToken)
    {
        var pending = new Queue<Task<IReadOnlyList<MessageFingerprint>>>();
        var next = 0;
        try
        {
            while (next < uids.Count || pending.Count > 0)
            {
                while (pending.Count < InFlight && next < uids.Count)
                {
                    var batch = new uint[Math.Min(batchSize, uids.Count - next)];
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i] = uids[next++];
                    }

                    pending.Enqueue(server.FetchFingerprintsAsync(batch, cancellationToken).AsTask());
                }

                take(await pending.Dequeue().ConfigureAwait(false));
            }
        }
        finally
        {
            // After a failure, the batches still in flight are observed so their errors are not lost.
            foreach (var task in pending)
            {
                _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }
}
