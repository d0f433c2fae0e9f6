using System.Buffers;

namespace Imap.Protocol.Parsing;

/// <summary>
/// The in-memory part of a frame whose large literals were streamed away, and a scratch copy for frames
/// that span several pipe segments. Backed by pooled arrays.
/// </summary>
internal sealed class HeldFrame
{
    private byte[] _buffer = [];
    private int _length;

    internal List<StreamedLiteral> Streamed { get; } = [];

    internal int Length => _length;

    internal ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    internal void Append(in ReadOnlySequence<byte> bytes)
    {
        var needed = _length + checked((int)bytes.Length);
        if (needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 4096));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            Return();
            _buffer = bigger;
        }
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }

    internal void Clear()
    {
        _length = 0;
        Streamed.Clear();
        if (_buffer.Length > 1 << 20)
        {
            Return();
            _buffer = [];
        }
    }

    private void Return()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
    }
}
