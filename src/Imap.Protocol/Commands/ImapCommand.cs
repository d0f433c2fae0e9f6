using System.Text;

namespace Imap.Protocol.Commands;

/// <summary>
/// A command ready to send, without its tag: the segments are written in order, waiting for "+"
/// before each synchronizing literal.
/// </summary>
internal sealed class ImapCommand
{
    internal ImapCommand(string name, IReadOnlyList<ImapCommandSegment> segments, bool sensitive, Pipelining pipelining)
    {
        Name = name;
        Segments = segments;
        Sensitive = sensitive;
        Pipelining = pipelining;
    }

    /// <summary>The command's name for errors and traces, e.g. <c>UID FETCH</c>.</summary>
    public string Name { get; }

    /// <summary>The pieces to write.</summary>
    public IReadOnlyList<ImapCommandSegment> Segments { get; }

    /// <summary>What the command declares about sharing the connection; the scheduler goes by it.</summary>
    public Pipelining Pipelining { get; }

    /// <summary>True when the command carries credentials and must be redacted in traces.</summary>
    public bool Sensitive { get; }

    /// <summary>True when at least one literal needs the server's "+" first.</summary>
    public bool HasSynchronizingLiteral => Segments.Any(s => s.Synchronizing);

    /// <summary>Total bytes of line text and literals (for batching decisions).</summary>
    public long Length => Segments.Sum(s => s.Line.Length + (s.Literal?.Length ?? 0));

    /// <summary>The command as trace text, literals summarized by size (used by tests and the protocol trace).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            text.Append(Encoding.UTF8.GetString(segment.Line.Span).TrimEnd('\r', '\n'));
            if (segment.Literal is not null)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<{segment.Literal.Length} bytes>");
            }
        }
        return text.ToString();
    }
}
