using System.Buffers;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Parser.Data;
using Imap.Benchmarks.Parser.Replay;
using MailKit;

namespace Imap.Benchmarks.Parser;

/// <summary>1,000 FETCH responses with ENVELOPE, or with a multipart BODYSTRUCTURE (alternative + attachment).</summary>
[MemoryDiagnoser]
public class FetchItemBenchmarks
{
    private const int Messages = 1000;
    private ReadOnlySequence<byte> _segmented;
    private MailKitSession _mailKit = null!;
    private FetchRequest _request = null!;

    [Params("ENVELOPE", "BODYSTRUCTURE")]
    public string Item { get; set; } = "ENVELOPE";

    [GlobalSetup]
    public void Setup()
    {
        var envelope = Item == "ENVELOPE";
        var bytes = envelope ? ResponseData.EnvelopeFetch(Messages) : ResponseData.BodyStructureFetch(Messages);
        _request = new FetchRequest(MessageSummaryItems.UniqueId | (envelope ? MessageSummaryItems.Envelope : MessageSummaryItems.BodyStructure));
        _segmented = ResponseData.Segmented(bytes, 16 << 10);
        _mailKit = new MailKitSession(bytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _mailKit.Dispose();

    [Benchmark(Description = "ours: ImapResponseSource (typed)")]
    public Task<int> Ours_typed() => OurPipeline.ReadTypedAsync(_segmented);

    [Benchmark(Baseline = true, Description = "MailKit: ImapFolder.Fetch")]
    public int MailKit_fetch() => _mailKit.Inbox.Fetch(0, -1, _request).Count;
}
