using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Large FETCH body literals go to a sink in chunks, with bounded memory, and the frame still parses.</summary>
public class BodyStreamingTests
{
    private sealed class CollectingSink : IFetchBodySink, IFetchBodySinkProvider
    {
        public List<FetchBodyContext> Opened { get; } = [];
        public long Bytes { get; private set; }
        public int Chunks { get; private set; }
        public int Completed { get; private set; }
        public uint Checksum { get; private set; }
        public MemoryStream? Copy { get; init; }

        public IFetchBodySink Open(FetchBodyContext context)
        {
            Opened.Add(context);
            return this;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            Bytes += chunk.Length;
            Chunks++;
            foreach (var b in chunk.Span)
                Checksum = (Checksum * 31) + b;
            Copy?.Write(chunk.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            Completed++;
            return ValueTask.CompletedTask;
        }
    }

    private static readonly ImapReaderLimits SmallThreshold = ImapReaderLimits.Default with { InlineLiteralThreshold = 16 };

    [Fact]
    public async Task Large_body_goes_to_the_sink_with_context()
    {
        var payload = Wire.Payload(1000);
        var bytes = Wire.Bytes("* 7 FETCH (UID 42 FLAGS (\\Seen) BODY[] {1000}<CRLF>").Concat(payload)
            .Concat(Wire.Bytes(" MODSEQ (9))<CRLF>* 8 EXISTS<CRLF>")).ToArray();
        var sink = new CollectingSink { Copy = new MemoryStream() };
        var responses = await Responses.ReadAllAsync(ChunkedPipeReader.Split(bytes, 30, 100, 500, 1030), limits: SmallThreshold, sinks: sink);
        var fetch = Assert.IsType<FetchResponse>(responses[0]);
        Assert.IsType<ExistsResponse>(responses[1]);
        var opened = Assert.Single(sink.Opened);
        Assert.Equal(new FetchBodyContext(7, new Uid(42), "BODY", "", null, 1000), opened);
        Assert.Equal(payload, sink.Copy.ToArray());
        Assert.Equal(1, sink.Completed);
        var body = fetch.GetBody()!;
        Assert.True(body.IsStreamed);
        Assert.Null(body.Data);
        Assert.Equal(1000, body.Length);
        Assert.Equal((new Uid(42), new ModSeq(9)), (fetch.Uid!.Value, fetch.ModSeq!.Value));
    }

    [Fact]
    public async Task Every_split_point_gives_the_same_stream()
    {
        var payload = Wire.Payload(40);
        var bytes = Wire.Bytes("* 1 FETCH (BODY[1] {40}<CRLF>").Concat(payload).Concat(Wire.Bytes(" BINARY[2] ~{20}<CRLF><20 bytes> UID 5)<CRLF>")).ToArray();
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var sink = new CollectingSink { Copy = new MemoryStream() };
            var fetch = Assert.IsType<FetchResponse>(Assert.Single(await Responses.ReadAllAsync(ChunkedPipeReader.Split(bytes, cut), limits: SmallThreshold, sinks: sink)));
            Assert.Equal(payload.Concat(Wire.Payload(20)), sink.Copy.ToArray());
            Assert.Equal(["1", "2"], sink.Opened.Select(o => o.Section));
            Assert.Equal(new Uid(5), fetch.Uid);
            Assert.All(fetch.Bodies, b => Assert.True(b.IsStreamed));
        }
    }

    [Fact]
    public async Task Small_bodies_and_non_body_literals_stay_inline()
    {
        var sink = new CollectingSink();
        var responses = await Responses.ReadAllAsync(Wire.Line("* 1 FETCH (BODY[] {5}<CRLF>hello ENVELOPE (NIL {20}<CRLF>01234567890123456789 NIL NIL NIL NIL NIL NIL NIL NIL))"),
            limits: SmallThreshold, sinks: sink);
        var fetch = Assert.IsType<FetchResponse>(Assert.Single(responses));
        Assert.Empty(sink.Opened);
        Assert.Equal("hello", Encoding.ASCII.GetString(fetch.GetBody()!.Data!.Value.Span));
        Assert.Equal("01234567890123456789", fetch.Envelope!.Subject);
    }

    [Fact]
    public async Task Non_body_literal_above_its_limit_is_rejected()
    {
        var limits = ImapReaderLimits.Default with { MaxNonBodyLiteral = 10 };
        await Assert.ThrowsAsync<ImapProtocolException>(() =>
            Responses.ReadAllAsync(Wire.Line("* LIST () \"/\" {20}<CRLF>01234567890123456789"), limits: limits));
        Assert.Single(await Responses.ReadAllAsync(Wire.Line("* 1 FETCH (BODY[] {20}<CRLF>01234567890123456789)"), limits: limits));
    }

    [Fact]
    public async Task Thirty_megabytes_stream_with_bounded_allocation()
    {
        const int size = 30 << 20;
        var header = Wire.Bytes("* 1 FETCH (UID 9 BODY[] {31457280}<CRLF>");
        var chunks = new List<byte[]> { header };
        var block = Wire.Payload(64 << 10);
        for (var sent = 0; sent < size; sent += block.Length)
            chunks.Add(block);
        chunks.Add(Wire.Bytes(")<CRLF>"));
        var sink = new CollectingSink();
        var input = new ChunkedPipeReader(chunks);
        var source = new ImapResponseSource(input) { BodySinks = sink };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var fetch = Assert.IsType<FetchResponse>(await source.ReadAsync());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(size, sink.Bytes);
        Assert.True(fetch.GetBody()!.IsStreamed);
        Assert.InRange(allocated, 0, 1 << 20);
    }

    [Fact]
    public async Task Truncated_stream_inside_a_literal_is_an_error()
    {
        var sink = new CollectingSink();
        await Assert.ThrowsAsync<ImapProtocolException>(() =>
            Responses.ReadAllAsync(Wire.Bytes("* 1 FETCH (BODY[] {100}<CRLF>short"), limits: SmallThreshold, sinks: sink));
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.ReadAllAsync(Wire.Bytes("* 1 FETCH (UID 1")));
    }
}
