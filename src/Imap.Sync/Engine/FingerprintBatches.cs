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
        await EachBatchAsync(server, uids, batchSize, (_, prints) => result.AddRange(prints), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The sizes of the messages the server still has, batch by batch in the order of <paramref name="uids"/>:
    /// <paramref name="take"/> gets each batch's UIDs and the sizes answered for them (a UID without one is
    /// gone). Batches of <see cref="SizeBatchSize"/>: a copy plans its batches as they come, so neither the
    /// Message-IDs and dates nor the sizes of a whole large mailbox are held at once, and a slow link
    /// still pays only a few round trips.
    /// </summary>
    public static Task SizesAsync(IMailServer server, IReadOnlyList<uint> uids, Action<uint[], Dictionary<uint, long>> take, CancellationToken cancellationToken) =>
        EachBatchAsync(
            server,
            uids,
            SizeBatchSize,
            (asked, prints) =>
            {
                var sizes = new Dictionary<uint, long>(prints.Count);
                foreach (var print in prints)
                {
                    sizes.TryAdd(print.Uid, print.Size);
                }

                take(asked, sizes);
            },
            cancellationToken);

    private static async Task EachBatchAsync(
        IMailServer server, IReadOnlyList<uint> uids, int batchSize, Action<uint[], IReadOnlyList<MessageFingerprint>> take, CancellationToken cancellationToken)
    {
        var pending = new Queue<(uint[] Asked, Task<IReadOnlyList<MessageFingerprint>> Answer)>();
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

                    pending.Enqueue((batch, server.FetchFingerprintsAsync(batch, cancellationToken).AsTask()));
                }

                var (asked, answer) = pending.Dequeue();
                take(asked, await answer.ConfigureAwait(false));
            }
        }
        finally
        {
            // After a failure, the batches still in flight are observed so their errors are not lost.
            foreach (var (_, task) in pending)
            {
                _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }
}
