using System.Text;

namespace Imap.Benchmarks.Parser.Replay;

/// <summary>
/// A fake IMAP server as a Stream for MailKit: each command line gets a canned reply with its tag; FETCH gets
/// the benchmark's bytes, with the final tagged OK rewritten to the command's tag.
/// </summary>
internal sealed class ReplayImapServerStream : Stream
{
    private const string Capabilities = "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS CONDSTORE QRESYNC ESEARCH BINARY LIST-EXTENDED";

    private readonly byte[] _fetchBody;
    private readonly List<byte> _command = [];
    private readonly Queue<byte[]> _replies = new();
    private byte[] _current;
    private int _offset;

    /// <param name="fetchReply">The FETCH reply bytes, ending with a line <c>A1 OK ...</c> whose tag is replaced.</param>
    public ReplayImapServerStream(byte[] fetchReply)
    {
        var lastLine = Array.LastIndexOf(fetchReply, (byte)'\n', fetchReply.Length - 2) + 1;
        _fetchBody = fetchReply[..lastLine];
        _current = Encoding.ASCII.GetBytes($"* OK [CAPABILITY {Capabilities}] ready\r\n");
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _current.Length)
        {
            if (!_replies.TryDequeue(out var next))
                return 0;
            _current = next;
            _offset = 0;
        }
        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var b in buffer)
        {
            _command.Add(b);
            if (b == (byte)'\n')
            {
                Reply(Encoding.ASCII.GetString([.. _command]).TrimEnd());
                _command.Clear();
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    private void Reply(string line)
    {
        var parts = line.Split(' ', 3);
        var tag = parts[0];
        var verb = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
        if (verb == "UID" && parts.Length > 2)
            verb = parts[2].Split(' ')[0].ToUpperInvariant();
        var untagged = verb switch
        {
            "CAPABILITY" => $"* CAPABILITY {Capabilities}\r\n",
            "NAMESPACE" => "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n",
            "LIST" => "* LIST (\\HasNoChildren) \"/\" INBOX\r\n",
            "SELECT" or "EXAMINE" => "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 100000 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1795711636] UIDs valid\r\n* OK [UIDNEXT 200000] next\r\n* OK [HIGHESTMODSEQ 90060115194145001] Highest\r\n",
            "ENABLE" => "* ENABLED CONDSTORE\r\n",
            "ID" => "* ID NIL\r\n",
            _ => "",
        };
        if (verb == "FETCH")
            _replies.Enqueue(_fetchBody);
        else if (untagged.Length > 0)
            _replies.Enqueue(Encoding.ASCII.GetBytes(untagged));
        var done = verb is "SELECT" or "EXAMINE" ? "OK [READ-ONLY] done" : "OK done";
        _replies.Enqueue(Encoding.ASCII.GetBytes($"{tag} {done}\r\n"));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
