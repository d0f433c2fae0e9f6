using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Imap.Benchmarks.Parser.Data;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Sync.Adapters;

namespace Imap.Benchmarks.Parser;

/// <summary>
/// The copy path's receiving half for one message: a FETCH whose BODY[] streams into the engine's
/// <see cref="BodySpooler"/>, handed over, and released as the engine releases it once the APPEND
/// completed. Allocated bytes per operation show what a message costs beyond its body: with the
/// adapter's <see cref="ImapMailServer.ReaderLimits"/> the body goes into pooled slabs whatever its size;
/// with the default limits a body up to 64 KiB is copied out of the response into an array of its own.
/// The sending half (<see cref="Pooled_then_append"/>) encodes the APPEND of the taken body, flags and
/// date as the adapter does, and writes it into a <see cref="PipeWriter"/> (LITERAL+, as the connection
/// writes it, over a stream that discards the bytes): what that adds to <see cref="Pooled"/> is the
/// sending half's cost per message.
/// </summary>
[MemoryDiagnoser]
public class CopyPathBenchmarks
{
    private ReadOnlySequence<byte> _segmented;
    private string _spoolDirectory = null!;
    private readonly BodySlabs _slabs = new(); // one connection's pool, reused from message to message
    private static readonly MailboxName s_mailbox = new("Archive");
    private static readonly EncodingContext s_literalPlus = new(new ImapLiteralPolicy(literalPlus: true, literalMinus: false), Utf8Accept: false);
    private static readonly string[] s_flags = ["\\Seen", "$Forwarded"];
    private static readonly DateTimeOffset s_date = new(2024, 2, 1, 12, 30, 0, TimeSpan.FromHours(1));
    private readonly PipeWriter _writer = PipeWriter.Create(Stream.Null); // one connection's writer, reused

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

    [Benchmark(Description = "same, then the APPEND of the body written into a PipeWriter")]
    public async Task<long> Pooled_then_append()
    {
        using var spooler = new BodySpooler(1L << 20, _spoolDirectory, _slabs);
        await OurPipeline.ReadTypedAsync(_segmented, spooler, ImapMailServer.ReaderLimits).ConfigureAwait(false);
        var (bytes, spooled, memory) = spooler.Take(1) ?? throw new InvalidOperationException("the body was not streamed");
        var message = new AppendMessage
        {
            Content = spooled is { } file ? ImapLiteral.FromStream(file.Rewind(), file.Length) : ImapLiteral.FromMemory(bytes),
            Flags = s_flags,
            InternalDate = s_date,
        };
        var command = new AppendCommand(s_mailbox, [message]).Encode(s_literalPlus);
        foreach (var segment in command.Segments)
        {
            _writer.Write(segment.Line.Span);
            if (segment.Literal is { } literal)
            {
                await literal.WriteToAsync(_writer, CancellationToken.None).ConfigureAwait(false);
            }
        }
        await _writer.FlushAsync().ConfigureAwait(false);
        spooled?.Dispose();
        memory.Dispose();
        return command.Length;
    }

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
