using System.Buffers;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Parser.Data;
using Imap.Protocol.Model;
using Imap.Sync.Adapters;

namespace Imap.Benchmarks.Parser;

/// <summary>
/// The copy path's receiving half for one message: a FETCH whose BODY[] streams into the engine's
/// <see cref="BodySpooler"/>, handed over, and released as the engine releases it once the APPEND
/// completed. Allocated bytes per operation show what a message costs beyond its body: with the
/// adapter's <see cref="ImapMailServer.ReaderLimits"/> the body goes into pooled slabs whatever its size;
/// with the default limits a body up to 64 KiB is copied out of the response into an array of its own.
/// </summary>
[MemoryDiagnoser]
public class CopyPathBenchmarks
{
    private ReadOnlySequence<byte> _segmented;
    private string _spoolDirectory = null!;
    private readonly BodySlabs _slabs = new(); // one connection's pool, reused from message to message

    /// <summary>Body sizes: small (most mail), typical, above the default 64 KiB inline threshold, the 1 MB spool threshold.</summary>
    [Params(2_000, 20_000, 100_000, 1_000_000)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _segmented = ResponseData.Segmented(ResponseData.BodyLiteral(BodySize), 16 << 10);
        _spoolDirectory = Directory.CreateTempSubdirectory("imapsync-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_spoolDirectory, recursive: true);

    [Benchmark(Description = "FETCH BODY[] into BodySpooler (adapter's reader limits), Take, release")]
    public Task<int> Pooled() => FetchAsync(ImapMailServer.ReaderLimits);

    [Benchmark(Baseline = true, Description = "same with the default reader limits (64 KiB inline)")]
    public Task<int> Default_limits() => FetchAsync(null);

    private async Task<int> FetchAsync(ImapReaderLimits? limits)
    {
        using var spooler = new BodySpooler(1L << 20, _spoolDirectory, _slabs);
        await OurPipeline.ReadTypedAsync(_segmented, spooler, limits).ConfigureAwait(false);
        if (spooler.Take(1) is not { } taken)
        {
            return -1; // kept inline in the response (default limits, small body)
        }

        taken.Spooled?.Dispose();
        taken.Memory.Dispose();
        return taken.Bytes.Length;
    }
}
