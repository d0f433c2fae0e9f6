using System.Security.Cryptography;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>Largest managed heap size seen while a big message moves.</summary>
internal sealed class PeakMemory
{
    private long _baseline;

    public long Max { get; private set; }

    /// <summary>Peak heap above the heap after a full collection at the start.</summary>
    public long Growth => Max - _baseline;

    public void SetBaseline() => _baseline = Max = GC.GetTotalMemory(forceFullCollection: true);

    public void Sample() => Max = Math.Max(Max, GC.GetTotalMemory(false));
}

/// <summary>A deterministic RFC 5322 message of any size, generated on the fly and hashed as read.</summary>
internal sealed class GeneratedMessageStream(long length, PeakMemory peak) : Stream
{
    private static readonly byte[] s_header = "From: big@example.org\r\nSubject: big\r\nMessage-ID: <big@example.org>\r\n\r\n"u8.ToArray();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public byte[] Hash() => _hash.GetHashAndReset();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            var p = _position + i;
            // Header, then 76-character lines of a repeating alphabet, CRLF-terminated.
            buffer[i] = p < s_header.Length ? s_header[p]
                : ((p - s_header.Length) % 78) switch { 76 => (byte)'\r', 77 => (byte)'\n', var c => (byte)('A' + (c + (p / 78)) % 26) };
        }
        _hash.AppendData(buffer[..n]);
        _position += n;
        peak.Sample();
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A body sink that only hashes what it receives.</summary>
internal sealed class HashingSinkProvider(PeakMemory peak) : IFetchBodySinkProvider, IFetchBodySink
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Length { get; private set; }

    public byte[] Hash() => _hash.GetHashAndReset();

    public IFetchBodySink Open(FetchBodyContext context) => this;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        _hash.AppendData(chunk.Span);
        Length += chunk.Length;
        peak.Sample();
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
