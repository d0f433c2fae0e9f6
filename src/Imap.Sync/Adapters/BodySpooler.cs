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
        var spooled = context.Length > spoolAbove;
        var sink = new Sink(spooled ? SpooledBody.Create(spoolDirectory) : null, spooled ? HeadLength : context.Length);
        lock (_sinks)
        {
            // A second body for the same message replaces the first, whose file must not linger.
            if (_sinks.Remove(context.SequenceNumber, out var replaced))
            {
                replaced.Spool?.Dispose();
            }

            _sinks[context.SequenceNumber] = sink;
            SpooledCount += spooled ? 1 : 0;
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

        return (sink.Written, sink.Spool);
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

    /// <summary>
    /// Keeps the whole body when in memory, or only its first <see cref="HeadLength"/> bytes when spooled,
    /// in one array sized from the literal's announced length: no growth by doubling, so no copy on each
    /// growth and no discarded half-size arrays on the large object heap. Not pooled: the body outlives
    /// the FETCH (it is written into an APPEND later), and no owner could say when it is safe to return.
    /// </summary>
    private sealed class Sink(SpooledBody? spool, long keep) : IFetchBodySink
    {
        private readonly byte[] _kept = GC.AllocateUninitializedArray<byte>((int)Math.Min(keep, Array.MaxLength));
        private int _written;

        public SpooledBody? Spool { get; } = spool;

        public ReadOnlyMemory<byte> Written => _kept.AsMemory(0, _written);

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            var room = _kept.Length - _written;
            if (Spool is null && chunk.Length > room)
            {
                // The frame scanner delivers exactly the announced length; more would be a client bug.
                throw new InvalidOperationException($"A body literal delivered more than its announced {_kept.Length} bytes.");
            }

            var kept = Math.Min(room, chunk.Length);
            chunk.Span[..kept].CopyTo(_kept.AsSpan(_written));
            _written += kept;
            if (Spool is not null)
            {
                await Spool.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
