using System.Runtime.InteropServices;
using FsCheck.Xunit;
using Imap.Sync.Adapters;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// The pooled body memory: a body's bytes are never handed to another body while its lease is held
/// (that would corrupt a message in an APPEND still being written), and slabs are reused once every
/// body in them is released, so a long copy allocates no more slabs than it holds at once.
/// </summary>
public sealed class BodySlabsTests
{
    [Fact]
    public void Bodies_are_laid_end_to_end_in_one_slab()
    {
        var slabs = new BodySlabs();

        using var first = slabs.Reserve(1000);
        using var second = slabs.Reserve(3000);

        var (a, b) = (Segment(first), Segment(second));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(a.Offset + 1000, b.Offset);
        Assert.Equal(3000, second.Memory.Length);
        Assert.Equal(1, slabs.Allocated);
    }

    [Fact]
    public void A_slab_is_reused_only_when_its_last_body_is_released()
    {
        var slabs = new BodySlabs();
        var held = slabs.Reserve(600_000);
        var released = slabs.Reserve(300_000);
        var next = slabs.Reserve(600_000); // does not fit: a second slab
        released.Dispose();

        var third = slabs.Reserve(600_000); // the first slab still holds a body: a third one
        Assert.Equal(3, slabs.Allocated);
        Assert.NotSame(Segment(held).Array, Segment(third).Array);

        held.Dispose();
        held.Dispose(); // a second release changes nothing
        next.Dispose();
        using var reused = slabs.Reserve(600_000); // the first two slabs are free again
        Assert.Equal(3, slabs.Allocated);
        Assert.Contains(Segment(reused).Array, new[] { Segment(held).Array, Segment(next).Array });
        third.Dispose();
    }

    [Fact]
    public void A_body_longer_than_a_slab_gets_an_array_of_its_own()
    {
        var slabs = new BodySlabs();

        using var body = slabs.Reserve(BodySlabs.SlabLength + 1);

        Assert.Equal(BodySlabs.SlabLength + 1, Segment(body).Array!.Length);
        Assert.Equal(0, slabs.Allocated);
    }

    [Fact]
    public void A_copy_that_releases_each_batch_keeps_reusing_the_same_slabs()
    {
        var slabs = new BodySlabs();
        var inFlight = new Queue<List<BodyLease>>();
        for (var batch = 0; batch < 200; batch++)
        {
            // Three batches of about 1 MB held at once, as a copy with two batches prefetched holds them.
            inFlight.Enqueue([.. Enumerable.Range(0, 40).Select(i => slabs.Reserve(20_000 + (i * 977 % 9000)))]);
            if (inFlight.Count == 3)
            {
                inFlight.Dequeue().ForEach(l => l.Dispose());
            }
        }

        Assert.InRange(slabs.Allocated, 3, 5);
    }

    /// <summary>
    /// Model: any sequence of reservations and releases. Each live body keeps the bytes written into it
    /// whatever is reserved and written after it; once all are released, every slab is reused.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Live_bodies_keep_their_bytes_whatever_is_reserved_after_them(byte[] steps)
    {
        var slabs = new BodySlabs();
        var live = new List<(BodyLease Lease, byte Fill)>();
        byte fill = 0;
        foreach (var step in steps ?? [])
        {
            if (step % 3 == 0 && live.Count > 0)
            {
                var victim = live[step % live.Count];
                live.Remove(victim);
                victim.Lease.Dispose();
                continue;
            }

            var lease = slabs.Reserve(step * 4099 % 700_000);
            fill++;
            lease.Memory.Span.Fill(fill);
            live.Add((lease, fill));
            Assert.All(live, l => Assert.True(l.Lease.Memory.Span.IndexOfAnyExcept(l.Fill) < 0, "a live body was overwritten"));
        }

        live.ForEach(l => l.Lease.Dispose());
        var allocated = slabs.Allocated;
        var again = Enumerable.Range(0, allocated).Select(_ => slabs.Reserve(BodySlabs.SlabLength)).ToList();
        // Everything released: the free slabs are reused; only the one being filled is not free yet.
        Assert.InRange(slabs.Allocated, allocated, allocated + 1);
        again.ForEach(l => l.Dispose());
    }

    private static ArraySegment<byte> Segment(BodyLease lease) =>
        MemoryMarshal.TryGetArray<byte>(lease.Memory, out var segment) ? segment : throw new InvalidOperationException("not an array");
}
