namespace Imap.Sync.Engine;

/// <summary>
/// Cuts the UIDs to copy into APPEND batches within a count and a byte budget, as their sizes arrive.
/// Only each batch's UIDs are kept (4 bytes a message), not a size per message: the plan of a
/// 100,000-message copy is held for the whole copy.
/// </summary>
internal sealed class CopyBatchPlan(int maxMessages, long maxBytes)
{
    private readonly List<uint> _batch = [];
    private long _batchBytes;

    /// <summary>The batches cut so far, in the order their UIDs were added.</summary>
    public List<uint[]> Batches { get; } = [];

    /// <summary>How many messages were added.</summary>
    public int Count { get; private set; }

    /// <summary>Their total size in bytes.</summary>
    public long Bytes { get; private set; }

    /// <summary>Adds one message; a message larger than the byte budget gets a batch of its own.</summary>
    public void Add(uint uid, long size)
    {
        size = Math.Max(size, 0);
        if (_batch.Count > 0 && (_batch.Count >= maxMessages || _batchBytes + size > maxBytes))
        {
            Cut();
        }

        _batch.Add(uid);
        _batchBytes += size;
        Count++;
        Bytes += size;
    }

    /// <summary>Closes the last batch; returns every batch.</summary>
    public List<uint[]> Finish()
    {
        if (_batch.Count > 0)
        {
            Cut();
        }

        return Batches;
    }

    private void Cut()
    {
        Batches.Add([.. _batch]);
        _batch.Clear();
        _batchBytes = 0;
    }
}
