using System.Buffers;
using System.IO.Pipelines;

namespace Imap.Protocol.Tests.Support;

/// <summary>
/// A PipeReader that reveals its input one chunk per ReadAsync, each chunk its own segment, so a consumer
/// sees partial frames and multi-segment sequences deterministically.
/// </summary>
internal sealed class ChunkedPipeReader : PipeReader
{
    private readonly Segment? _first;
    private readonly List<Segment> _segments = [];
    private int _revealed;
    private SequencePosition _consumed;

    public ChunkedPipeReader(IEnumerable<byte[]> chunks)
    {
        Segment? previous = null;
        foreach (var chunk in chunks.Where(c => c.Length > 0))
        {
            var segment = new Segment(chunk, previous);
            _first ??= segment;
            _segments.Add(segment);
            previous = segment;
        }
        if (_first is not null)
            _consumed = new SequencePosition(_first, 0);
    }

    public int ReadCount { get; private set; }

    public static ChunkedPipeReader Split(byte[] bytes, params int[] cuts)
    {
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length).Order())
        {
            chunks.Add(bytes[start..cut]);
            start = cut;
        }
        chunks.Add(bytes[start..]);
        return new ChunkedPipeReader(chunks);
    }

    public static ChunkedPipeReader OneBytePerSegment(byte[] bytes) => new(bytes.Select(b => new[] { b }));

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => new(Next());

    public override bool TryRead(out ReadResult result)
    {
        result = Next();
        return true;
    }

    private ReadResult Next()
    {
        ReadCount++;
        if (_revealed < _segments.Count)
            _revealed++;
        var isCompleted = _revealed == _segments.Count;
        if (_revealed == 0)
            return new ReadResult(ReadOnlySequence<byte>.Empty, false, true);
        var last = _segments[_revealed - 1];
        var buffer = new ReadOnlySequence<byte>((Segment)_consumed.GetObject()!, _consumed.GetInteger(), last, last.Memory.Length);
        return new ReadResult(buffer, false, isCompleted);
    }

    public override void AdvanceTo(SequencePosition consumed) => _consumed = consumed;

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _consumed = consumed;

    public override void CancelPendingRead() { }

    public override void Complete(Exception? exception = null) { }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, Segment? previous)
        {
            Memory = data;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
