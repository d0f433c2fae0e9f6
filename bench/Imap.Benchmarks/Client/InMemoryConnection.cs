using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Imap.Benchmarks.Client;

/// <summary>
/// The two ends of a connection over in-memory pipes: <see cref="ClientStream"/> for the client, and a
/// server loop that answers each command line with <see cref="Answer"/>'s bytes then a tagged OK. No
/// socket: what a benchmark measures is the client's own work.
/// </summary>
internal sealed class InMemoryConnection : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly Task _server;

    /// <param name="greeting">The greeting line, without CRLF.</param>
    /// <param name="answer">The untagged lines sent before the tagged OK of a command (by its text after the tag).</param>
    public InMemoryConnection(string greeting, Func<string, byte[]> answer)
    {
        Answer = answer;
        ClientStream = new DuplexStream(_toClient.Reader.AsStream(), _toServer.Writer.AsStream());
        _server = ServeAsync(Encoding.ASCII.GetBytes(greeting + "\r\n"));
    }

    public Stream ClientStream { get; }

    public Func<string, byte[]> Answer { get; }

    private async Task ServeAsync(byte[] greeting)
    {
        await _toClient.Writer.WriteAsync(greeting).ConfigureAwait(false);
        while (true)
        {
            var read = await _toServer.Reader.ReadAsync().ConfigureAwait(false);
            var buffer = read.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = Encoding.ASCII.GetString(buffer.Slice(0, end)).TrimEnd('\r');
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var tag = line[..space];
                _toClient.Writer.Write(Answer(line[(space + 1)..]));
                _toClient.Writer.Write(Encoding.ASCII.GetBytes($"{tag} OK done\r\n"));
            }
            await _toClient.Writer.FlushAsync().ConfigureAwait(false);
            _toServer.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                await _toClient.Writer.CompleteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync().ConfigureAwait(false);
        await _server.ConfigureAwait(false);
    }

    private sealed class DuplexStream(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                output.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
