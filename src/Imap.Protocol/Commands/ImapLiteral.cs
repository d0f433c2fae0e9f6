using System.Buffers;
using System.IO.Pipelines;

namespace Imap.Protocol.Commands;

/// <summary>
/// Literal data in a command: a message body for APPEND or a string that cannot be quoted. Bodies
/// from a stream are copied in chunks, so a 50 MB message never sits in memory whole.
/// </summary>
public abstract class ImapLiteral
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Octet count announced in <c>{n}</c>.</summary>
    public abstract long Length { get; }

    /// <summary>Copies the bytes into the pipe, flushing per chunk so memory stays bounded.</summary>
    public abstract ValueTask WriteToAsync(PipeWriter writer, CancellationToken cancellationToken);

    /// <summary>A literal over bytes in memory.</summary>
    public static ImapLiteral FromMemory(ReadOnlyMemory<byte> bytes) => new SequenceLiteral(new ReadOnlySequence<byte>(bytes));

    /// <summary>A literal over a (possibly multi-segment) sequence in memory.</summary>
    public static ImapLiteral FromSequence(ReadOnlySequence<byte> bytes) => new SequenceLiteral(bytes);

    /// <summary>
    /// A literal read from a stream when it is sent. Exactly <paramref name="length"/> bytes must be
    /// readable; the stream is read once and not disposed.
    /// </summary>
    public static ImapLiteral FromStream(Stream stream, long length) => new StreamLiteral(stream, length);

    private sealed class SequenceLiteral(ReadOnlySequence<byte> bytes) : ImapLiteral
    {
        public override long Length => bytes.Length;

        public override async ValueTask WriteToAsync(PipeWriter writer, CancellationToken cancellationToken)
        {
            foreach (var segment in bytes)
            {
                for (var offset = 0; offset < segment.Length; offset += ChunkSize)
                {
                    var chunk = segment.Slice(offset, Math.Min(ChunkSize, segment.Length - offset));
                    await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private sealed class StreamLiteral(Stream stream, long length) : ImapLiteral
    {
        public override long Length => length;

        public override async ValueTask WriteToAsync(PipeWriter writer, CancellationToken cancellationToken)
        {
            var remaining = length;
            while (remaining > 0)
            {
                var memory = writer.GetMemory((int)Math.Min(ChunkSize, remaining));
                var want = (int)Math.Min(memory.Length, remaining);
                var read = await stream.ReadAsync(memory[..want], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException($"The literal's stream ended {remaining} bytes short of the announced {length}.");
                }
                writer.Advance(read);
                remaining -= read;
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
