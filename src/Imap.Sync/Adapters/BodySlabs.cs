namespace Imap.Sync.Adapters;

/// <summary>
/// Pooled memory for the bodies fetched on one connection: each body is laid after the previous one in
/// a 1 MiB slab, so copying a message allocates no array of its size (nor a large-object-heap array per
/// body above 85 KB) once the connection's slabs exist.
/// </summary>
/// <remarks>
/// A slab is reused only when every body in it was released and the reader has moved on to another
/// slab. Bodies are released by whoever received them, once nothing reads them any more (the engine:
/// after the APPEND they were written into has completed). Reserving is done by the connection's read
/// loop only, one body after the other; releasing may come from any thread. The free list never holds
/// more slabs than the connection had in use at once, so this costs at most the connection's peak of
/// bodies in memory, rounded up to whole slabs, plus the slab being filled.
/// </remarks>
internal sealed class BodySlabs
{
    /// <summary>Bodies up to this long share slabs; a longer one (only when the spool threshold is raised above it) gets its own array.</summary>
    public const int SlabLength = 1 << 20;

    private readonly Stack<Slab> _free = new();
    private Slab? _filling; // read loop only

    /// <summary>Slabs allocated so far (tests and benchmarks: reuse shows as a count that stops growing).</summary>
    public int Allocated { get; private set; }

    /// <summary>Reserves <paramref name="length"/> bytes for one body; the caller releases the lease once nothing reads them.</summary>
    public BodyLease Reserve(int length)
    {
        if (length > SlabLength)
        {
            return new BodyLease(null, GC.AllocateUninitializedArray<byte>(length), 0, length);
        }

        if (_filling is null || _filling.Used + length > SlabLength)
        {
            var full = _filling;
            _filling = TakeFree();
            full?.Release(); // the reader's own hold: the slab returns once its last body is released
        }

        var slab = _filling;
        var offset = slab.Used;
        slab.Used += length;
        slab.Hold();
        return new BodyLease(slab, slab.Bytes, offset, length);
    }

    private Slab TakeFree()
    {
        lock (_free)
        {
            if (_free.TryPop(out var slab))
            {
                slab.Reopen();
                return slab;
            }
        }

        Allocated++;
        return new Slab(this);
    }

    private void Return(Slab slab)
    {
        lock (_free)
        {
            _free.Push(slab);
        }
    }

    /// <summary>One slab; counts the bodies in it plus one hold for the reader while it fills the slab.</summary>
    internal sealed class Slab(BodySlabs owner)
    {
        private int _holds = 1;

        public byte[] Bytes { get; } = GC.AllocateUninitializedArray<byte>(SlabLength);

        public int Used { get; set; }

        public void Hold() => Interlocked.Increment(ref _holds);

        public void Release()
        {
            var left = Interlocked.Decrement(ref _holds);
            if (left == 0)
            {
                owner.Return(this);
            }
            else if (left < 0)
            {
                throw new InvalidOperationException("A body slab was released more often than it was held.");
            }
        }

        public void Reopen()
        {
            Used = 0;
            _holds = 1;
        }
    }
}
