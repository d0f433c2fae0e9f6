using System.IO.Compression;

namespace Imap.Protocol.Transport;

/// <summary>
/// COMPRESS=DEFLATE (RFC 4978): raw deflate both ways over one duplex stream. Every flush is a
/// sync flush, so each command reaches the server whole.
/// </summary>
internal sealed class DeflateDuplexStream : LayerStream
{
    private readonly Stream _inner;
    private readonly DeflateStream _inflater;
    private readonly DeflateStream _deflater;

    /// <param name="inner">The wire stream (TCP or TLS).</param>
    /// <param name="alreadyReceived">Compressed bytes read from the wire before this layer existed.</param>
    public DeflateDuplexStream(Stream inner, ReadOnlyMemory<byte> alreadyReceived)
    {
        _inner = inner;
        _inflater = new DeflateStream(new PrefixedReadStream(alreadyReceived, inner), CompressionMode.Decompress, leaveOpen: true);
        _deflater = new DeflateStream(inner, CompressionLevel.Fastest, leaveOpen: true);
    }

    /// <summary>Uncompressed bytes written so far.</summary>
    public long PlainBytesWritten { get; private set; }

    /// <summary>Uncompressed bytes read so far.</summary>
    public long PlainBytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = _inflater.Read(buffer, offset, count);
        PlainBytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inflater.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        PlainBytesRead += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _deflater.Write(buffer, offset, count);
        PlainBytesWritten += count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        PlainBytesWritten += buffer.Length;
        return _deflater.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        _deflater.Flush();
        _inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        // DeflateStream.Flush emits a Z_SYNC_FLUSH block: everything written so far can be inflated.
        await _deflater.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater.Dispose();
            _deflater.Dispose();
        }
        base.Dispose(disposing);
    }
}
