using System.Buffers;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Data;
using Imap.Benchmarks.Replay;
using MailKit;

namespace Imap.Benchmarks;

/// <summary>1,000 FETCH responses with ENVELOPE.</summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private const int Messages = 1000;
    private ReadOnlySequence<byte> _segmented;
    private MailKitSession _mailKit = null!;
    private readonly FetchRequest _request = new(MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope);

    [GlobalSetup]
    public void Setup()
    {
        var bytes = ResponseData.EnvelopeFetch(Messages);
        _segmented = ResponseData.Segmented(bytes, 16 << 10);
        _mailKit = new MailKitSession(bytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _mailKit.Dispose();

    [Benchmark(Description = "ours: ImapResponseSource (typed)")]
    public Task<int> Ours_typed() => OurPipeline.ReadTypedAsync(_segmented);

    [Benchmark(Baseline = true, Description = "MailKit: ImapFolder.Fetch(Envelope)")]
    public int MailKit_fetch() => _mailKit.Inbox.Fetch(0, -1, _request).Count;
}
