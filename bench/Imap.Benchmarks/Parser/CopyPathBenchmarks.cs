using System.Buffers;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Parser.Data;
using Imap.Sync.Adapters;

namespace Imap.Benchmarks.Parser;

/// <summary>
/// The copy path's receiving half for one message: a FETCH whose BODY[] streams (bodies above the
/// 64 KiB inline threshold) into the engine's <see cref="BodySpooler"/>, then handed over for the APPEND.
/// Allocated bytes per operation show what a message costs beyond its body.
/// </summary>
[MemoryDiagnoser]
public class CopyPathBenchmarks
{
    private ReadOnlySequence<byte> _segmented;
    private string _spoolDirectory = null!;

    /// <summary>Body sizes: just above the inline threshold, a typical attachment, the spool threshold.</summary>
    [Params(100_000, 1_000_000, 4_000_000)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _segmented = ResponseData.Segmented(ResponseData.BodyLiteral(BodySize), 16 << 10);
        _spoolDirectory = Directory.CreateTempSubdirectory("imapsync-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_spoolDirectory, recursive: true);

    [Benchmark(Description = "FETCH BODY[] into BodySpooler, then Take")]
    public async Task<int> Fetch_into_spooler()
    {
        using var spooler = new BodySpooler(4L << 20, _spoolDirectory);
        await OurPipeline.ReadTypedAsync(_segmented, spooler).ConfigureAwait(false);
        return spooler.Take(1)?.Bytes.Length ?? -1;
    }
}
