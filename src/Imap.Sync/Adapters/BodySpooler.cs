using Imap.Protocol.Parsing;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>
/// Receives the streamed bodies of one UID FETCH: up to <c>spoolAbove</c> bytes in memory (in the
/// connection's pooled <see cref="BodySlabs"/>), larger ones in a temporary file in <c>spoolDirectory</c>,
/// so a huge message never sits in memory whole. Keyed by sequence number. The client hands it only
/// bodies whose UID came first and was asked for.
/// </summary>
internal sealed class BodySpooler(long spoolAbove, string spoolDirectory, BodySlabs slabs) : IFetchBodySinkProvider, IDisposable
{
    private const int HeadLength = 64 * 1024;
    private readonly Dictionary<uint, Sink> _sinks = [];

    public int SpooledCount { get; private set; }

    public IFetchBodySink Open(FetchBodyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spooled = context.Length > spoolAbove;
        var keep = (int)Math.Min(spooled ? HeadLength : context.Length, Array.MaxLength);
        var sink = new Sink(spooled ? SpooledBody.Create(spoolDirectory) : null, slabs.Reserve(keep));
        lock (_sinks)
        {
            // A second body for the same message replaces the first, whose file and memory must not linger.
            if (_sinks.Remove(context.SequenceNumber, out var replaced))
            {
                replaced.Release();
            }

            _sinks[context.SequenceNumber] = sink;
            SpooledCount += spooled ? 1 : 0;
        }

        return sink;
    }

    /// <summary>
    /// Hands over the body of a message: in memory, or its beginning plus the spool file. The receiver
    /// owns both: it disposes <c>Memory</c> (and <c>Spooled</c>) once nothing reads the bytes any more.
    /// </summary>
    public (ReadOnlyMemory<byte> Bytes, SpooledBody? Spooled, BodyLease Memory)? Take(uint sequenceNumber)
    {
        Sink? sink;
        lock (_sinks)
        {
            if (!_sinks.Remove(sequenceNumber, out sink))
            {
                return null;
            }
        }

        return (sink.Written, sink.Spool, sink.Kept);
    }

    public void Dispose()
    {
        lock (_sinks)
        {
            foreach (var sink in _sinks.Values)
            {
                sink.Release();
            }

            _sinks.Clear();
        }
    }

    /// <summary>
    /// Keeps the whole body when in memory, or only its first <see cref="HeadLength"/> bytes when spooled,
    /// in memory reserved from the connection's slabs for the literal's announced length: no growth by
    /// doubling, and no array per body.
    /// </summary>
    private sealed class Sink(SpooledBody? spool, BodyLease kept) : IFetchBodySink
    {
        private int _written;

        public SpooledBody? Spool { get; } = spool;

        public BodyLease Kept { get; } = kept;

        public ReadOnlyMemory<byte> Written => Kept.Memory[.._written];

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            var room = Kept.Memory.Length - _written;
            if (Spool is null && chunk.Length > room)
            {
                // The frame scanner delivers exactly the announced length; more would be a client bug.
                throw new InvalidOperationException($"A body literal delivered more than its announced {Kept.Memory.Length} bytes.");
            }

            var kept = Math.Min(room, chunk.Length);
            chunk.Span[..kept].CopyTo(Kept.Memory.Span[_written..]);
            _written += kept;
            if (Spool is not null)
            {
                await Spool.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        /// <summary>For a body nobody took: its file and memory go.</summary>
        public void Release()
        {
            Spool?.Dispose();
            Kept.Dispose();
        }
    }
}
