using System.Buffers;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Parser.Data;
using Imap.Benchmarks.Parser.Replay;
using Imap.Protocol.Parsing;
using MailKit;

namespace Imap.Benchmarks.Parser;

/// <summary>A FETCH (UID FLAGS MODSEQ) response for N messages, as a QRESYNC/CONDSTORE flag sync reads it.</summary>
[MemoryDiagnoser]
public class FetchFlagsBenchmarks
{
    private ReadOnlySequence<byte> _segmented;
    private ResponseParseContext _context = null!;
    private readonly byte[] _scratch = new byte[64 << 10];
    private MailKitSession _mailKit = null!;
    private readonly FetchRequest _request = new(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.ModSeq);

    [Params(10_000, 100_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var bytes = ResponseData.FlagsFetch(Messages);
        _segmented = ResponseData.Segmented(bytes, 16 << 10);
        _context = new ResponseParseContext();
        _mailKit = new MailKitSession(bytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _mailKit.Dispose();

    [Benchmark(Description = "ours: scanner + FetchSummaryParser")]
    public long Ours_summary() => OurPipeline.ScanAndSummarize(_segmented, _context, _scratch);

    [Benchmark(Description = "ours: ImapResponseSource (typed)")]
    public Task<int> Ours_typed() => OurPipeline.ReadTypedAsync(_segmented);

    [Benchmark(Baseline = true, Description = "MailKit: ImapFolder.Fetch")]
    public int MailKit_fetch() => _mailKit.Inbox.Fetch(0, -1, _request).Count;
}
