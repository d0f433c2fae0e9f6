using System.Buffers;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Parser.Data;
using Imap.Benchmarks.Parser.Replay;
using Imap.Protocol.Model;
using MailKit;

namespace Imap.Benchmarks.Parser;

/// <summary>One FETCH with a 30 MB BODY[] literal arriving in 64 KiB segments.</summary>
[MemoryDiagnoser]
public class BodyLiteralBenchmarks
{
    private const int Size = 30 << 20;
    private ReadOnlySequence<byte> _segmented;
    private MailKitSession _mailKit = null!;
    private readonly ImapReaderLimits _limits = ImapReaderLimits.Default;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = ResponseData.BodyLiteral(Size);
        _segmented = ResponseData.Segmented(bytes, 64 << 10);
        _mailKit = new MailKitSession(bytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _mailKit.Dispose();

    [Benchmark(Description = "ours: frame scanner only")]
    public int Ours_scan() => OurPipeline.ScanOnly(_segmented, _limits);

    [Benchmark(Description = "ours: ImapResponseSource streaming to a sink")]
    public async Task<long> Ours_stream()
    {
        var sink = new CountingSink();
        await OurPipeline.ReadTypedAsync(_segmented, sink).ConfigureAwait(false);
        return sink.Bytes;
    }

    [Benchmark(Baseline = true, Description = "MailKit: ImapFolder.GetStream(uid, \"\")")]
    public long MailKit_get_stream()
    {
        using var stream = _mailKit.Inbox.GetStream(new UniqueId(9), string.Empty);
        return stream.Length;
    }
}
