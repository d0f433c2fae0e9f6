using Imap.Protocol.Parsing;

namespace Imap.Benchmarks.Parser;

/// <summary>A body sink that only counts bytes (what a real sink does with them is not the parser's cost).</summary>
internal sealed class CountingSink : IFetchBodySinkProvider, IFetchBodySink
{
    public long Bytes { get; private set; }

    public IFetchBodySink Open(FetchBodyContext context) => this;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        Bytes += chunk.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
