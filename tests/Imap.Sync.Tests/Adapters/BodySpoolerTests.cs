using Imap.Protocol.Parsing;
using Imap.Sync.Adapters;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// The spooler keeps a body in pooled memory reserved for the literal's announced length (or its 64 KiB
/// head plus a file when spooled); whatever the chunking, what it hands over is the body, byte for byte,
/// and the memory returns to the pool once the receiver releases it.
/// </summary>
public sealed class BodySpoolerTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData(70_000, 1)]
    [InlineData(70_000, 4096)]
    [InlineData(1_000_000, 65_536)]
    public async Task A_body_kept_in_memory_is_handed_over_whole(int length, int chunk)
    {
        var body = Body(length);
        using var spooler = new BodySpooler(spoolAbove: 1 << 20, _work.Path, new BodySlabs());

        await DeliverAsync(spooler, 7, body, chunk);

        var taken = spooler.Take(7);
        Assert.NotNull(taken);
        Assert.Null(taken.Value.Spooled);
        Assert.Equal(body, taken.Value.Bytes.ToArray());
        Assert.Equal(0, spooler.SpooledCount);
        Assert.Null(spooler.Take(7)); // handed over once
        taken.Value.Memory.Dispose();
    }

    [Fact]
    public async Task Released_bodies_make_room_for_the_next_fetches()
    {
        var slabs = new BodySlabs();
        for (var round = 0; round < 50; round++)
        {
            using var spooler = new BodySpooler(spoolAbove: 1 << 20, _work.Path, slabs);
            var body = Body(100_000 + round);
            await DeliverAsync(spooler, 1, body, 16_384);
            await DeliverAsync(spooler, 2, Body(50_000), 16_384);

            var taken = spooler.Take(1)!.Value;
            Assert.Equal(body, taken.Bytes.ToArray());
            taken.Memory.Dispose(); // message 2 is never taken: disposing the spooler releases it
        }

        Assert.InRange(slabs.Allocated, 1, 2); // 7.5 MB fetched through at most 2 MB of slabs
    }

    [Fact]
    public async Task A_body_kept_by_its_receiver_is_not_overwritten_by_later_fetches()
    {
        var slabs = new BodySlabs();
        using var first = new BodySpooler(spoolAbove: 1 << 20, _work.Path, slabs);
        var kept = Body(400_000);
        await DeliverAsync(first, 1, kept, 65_536);
        var taken = first.Take(1)!.Value;

        for (var round = 0; round < 10; round++)
        {
            using var later = new BodySpooler(spoolAbove: 1 << 20, _work.Path, slabs);
            var other = new byte[300_000];
            Array.Fill(other, (byte)'z');
            await DeliverAsync(later, 1, other, 65_536);
            later.Take(1)!.Value.Memory.Dispose();
        }

        Assert.Equal(kept, taken.Bytes.ToArray());
        taken.Memory.Dispose();
    }

    [Fact]
    public async Task A_body_above_the_threshold_goes_to_a_file_and_keeps_its_head_in_memory()
    {
        var body = Body(300_000);
        using var spooler = new BodySpooler(spoolAbove: 100_000, _work.Path, new BodySlabs());

        await DeliverAsync(spooler, 3, body, 10_000);

        var taken = spooler.Take(3);
        Assert.NotNull(taken);
        using var spooled = taken.Value.Spooled;
        using var head = taken.Value.Memory;
        Assert.NotNull(spooled);
        Assert.Equal(body.AsSpan(0, 64 * 1024).ToArray(), taken.Value.Bytes.ToArray());
        Assert.Equal(body.Length, spooled.Length);
        using var copy = new MemoryStream();
        await spooled.Rewind().CopyToAsync(copy);
        Assert.Equal(body, copy.ToArray());
        Assert.Equal(1, spooler.SpooledCount);
    }

    [Fact]
    public async Task More_bytes_than_announced_are_refused_not_truncated()
    {
        using var spooler = new BodySpooler(spoolAbove: 1 << 20, _work.Path, new BodySlabs());
        var sink = spooler.Open(new FetchBodyContext(1, null, "BODY", "", null, 100));

        await sink.WriteAsync(Body(60), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(Body(41), CancellationToken.None).AsTask());
    }

    private static async Task DeliverAsync(BodySpooler spooler, uint sequenceNumber, byte[] body, int chunk)
    {
        var sink = spooler.Open(new FetchBodyContext(sequenceNumber, null, "BODY", "", null, body.Length));
        for (var start = 0; start < body.Length; start += chunk)
        {
            await sink.WriteAsync(body.AsMemory(start, Math.Min(chunk, body.Length - start)), CancellationToken.None);
        }

        await sink.CompleteAsync(CancellationToken.None);
    }

    private static byte[] Body(int length)
    {
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = (byte)('A' + (i * 7 % 26));
        }

        return body;
    }
}
