using System.Buffers;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Client;

/// <summary>
/// Sends each streamed FETCH body to the sink of the command that fetches it. Bodies nobody asked to
/// stream are collected and put back into the FETCH response, so callers without a sink still get bytes.
/// </summary>
internal sealed class BodySinkRouter(InFlightCommands commands) : IFetchBodySinkProvider
{
    private readonly Dictionary<uint, Queue<byte[]>> _collected = [];

    public IFetchBodySink Open(FetchBodyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return commands.FindBodySinks(context)?.Open(context) ?? new CollectingSink(this, context.SequenceNumber);
    }

    /// <summary>Puts collected bodies back into the response's streamed sections, in order.</summary>
    public void Resolve(FetchResponse fetch)
    {
        Queue<byte[]>? bodies;
        lock (_collected)
        {
            if (!_collected.Remove(fetch.SequenceNumber, out bodies))
            {
                return;
            }
        }
        var sections = fetch.Bodies.ToArray();
        for (var i = 0; i < sections.Length && bodies.Count > 0; i++)
        {
            var s = sections[i];
            if (s.IsStreamed)
            {
                var data = bodies.Dequeue();
                sections[i] = new FetchBodySection(s.Item, s.Section, s.Origin, data, data.Length, streamed: false);
            }
        }
        fetch.Bodies = sections;
    }

    private void Add(uint sequenceNumber, byte[] body)
    {
        lock (_collected)
        {
            if (!_collected.TryGetValue(sequenceNumber, out var queue))
            {
                _collected[sequenceNumber] = queue = new Queue<byte[]>();
            }
            queue.Enqueue(body);
        }
    }

    private sealed class CollectingSink(BodySinkRouter router, uint sequenceNumber) : IFetchBodySink
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            _buffer.Write(chunk.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            router.Add(sequenceNumber, _buffer.WrittenSpan.ToArray());
            return ValueTask.CompletedTask;
        }
    }
}
