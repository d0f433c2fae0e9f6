using System.Buffers;
using Imap.Protocol.Parsing;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>
/// Receives the streamed bodies of one UID FETCH: up to <c>spoolAbove</c> bytes in memory, larger ones
/// in a temporary file in <c>spoolDirectory</c>, so a huge message never sits in memory whole. Keyed
/// by sequence number. The client hands it only bodies whose UID came first and was asked for.
/// </summary>
internal sealed class BodySpooler(long spoolAbove, string spoolDirectory) : IFetchBodySinkProvider, IDisposable
{
    private const int HeadLength = 64 * 1024;
    private readonly Dictionary<uint, Sink> _sinks = [];

    public int SpooledCount { get; private set; }

    public IFetchBodySink Open(FetchBodyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sink = new Sink(context.Length > spoolAbove ? SpooledBody.Create(spoolDirectory) : null);
        lock (_sinks)
        {
            // A second body for the same message replaces the first, whose file must not linger.
            if (_sinks.Remove(context.SequenceNumber, out var replaced))
            {
                replaced.Spool?.Dispose();
            }

            _sinks[context.SequenceNumber] = sink;
            SpooledCount += sink.Spool is null ? 0 : 1;
        }

        return sink;
    }

    /// <summary>Hands over the body of a message: in memory, or its beginning plus the spool file.</summary>
    public (ReadOnlyMemory<byte> Bytes, SpooledBody? Spooled)? Take(uint sequenceNumber)
    {
        Sink? sink;
        lock (_sinks)
        {
            if (!_sinks.Remove(sequenceNumber, out sink))
            {
                return null;
            }
        }

        return (sink.Buffer.WrittenMemory, sink.Spool);
    }

    public void Dispose()
    {
        lock (_sinks)
        {
            foreach (var sink in _sinks.Values)
            {
                sink.Spool?.Dispose();
            }

            _sinks.Clear();
        }
    }

    private sealed class Sink(SpooledBody? spool) : IFetchBodySink
    {
        public SpooledBody? Spool { get; } = spool;

        // The whole body when in memory; only its first HeadLength bytes when spooled.
        public ArrayBufferWriter<byte> Buffer { get; } = new();

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            if (Spool is null)
            {
                Buffer.Write(chunk.Span);
                return;
            }

            var room = HeadLength - Buffer.WrittenCount;
            if (room > 0)
            {
                Buffer.Write(chunk.Span[..Math.Min(room, chunk.Length)]);
            }

            await Spool.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
