using Imap.Protocol.Parsing;
using Imap.Sync.Adapters;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// The spooler keeps a body in one array sized from the literal's announced length (or its 64 KiB head
/// plus a file when spooled); whatever the chunking, what it hands over is the body, byte for byte.
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
        using var spooler = new BodySpooler(spoolAbove: 1 << 20, _work.Path);

        await DeliverAsync(spooler, 7, body, chunk);

        var taken = spooler.Take(7);
        Assert.NotNull(taken);
        Assert.Null(taken.Value.Spooled);
        Assert.Equal(body, taken.Value.Bytes.ToArray());
        Assert.Equal(0, spooler.SpooledCount);
        Assert.Null(spooler.Take(7)); // handed over once
    }

    [Fact]
    public async Task A_body_above_the_threshold_goes_to_a_file_and_keeps_its_head_in_memory()
    {
        var body = Body(300_000);
        using var spooler = new BodySpooler(spoolAbove: 100_000, _work.Path);

        await DeliverAsync(spooler, 3, body, 10_000);

        var taken = spooler.Take(3);
        Assert.NotNull(taken);
        using var spooled = taken.Value.Spooled;
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
        using var spooler = new BodySpooler(spoolAbove: 1 << 20, _work.Path);
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
