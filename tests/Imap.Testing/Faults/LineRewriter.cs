using System.Globalization;
using System.Text;

namespace Imap.Testing.Faults;

/// <summary>
/// Rewrites an IMAP byte stream line by line for <see cref="FaultKind.Rewrite"/>: each complete line
/// goes through the rewrite function, and the literal a line announces (<c>{n}</c>, <c>{n+}</c>,
/// <c>~{n}</c>) passes through untouched, so message bodies are never rewritten. After the line
/// <paramref name="lastLine"/> matches, everything passes through untouched.
/// </summary>
internal sealed class LineRewriter(Func<string, string> rewriteLine, Func<string, bool>? lastLine = null)
{
    private readonly List<byte> _line = [];
    private long _literalLeft;
    private bool _done;

    /// <summary>The bytes to send for <paramref name="data"/>; a partial line is held until its CRLF arrives.</summary>
    public byte[] Feed(ReadOnlySpan<byte> data)
    {
        var output = new List<byte>(data.Length + 64);
        foreach (var b in data)
        {
            if (_done)
            {
                output.Add(b);
                continue;
            }

            if (_literalLeft > 0)
            {
                output.Add(b);
                _literalLeft--;
                continue;
            }

            _line.Add(b);
            if (b == '\n' && _line.Count >= 2 && _line[^2] == '\r')
            {
                var text = Encoding.Latin1.GetString([.. _line], 0, _line.Count - 2);
                _line.Clear();
                output.AddRange(Encoding.Latin1.GetBytes(rewriteLine(text) + "\r\n"));
                _literalLeft = AnnouncedLiteral(text);
                _done = lastLine?.Invoke(text) == true;
            }
        }

        return [.. output];
    }

    /// <summary>What is held back (a line without its CRLF yet), sent as it is when the stream ends.</summary>
    public byte[] Flush()
    {
        var rest = _line.ToArray();
        _line.Clear();
        return rest;
    }

    private static long AnnouncedLiteral(string line)
    {
        if (!line.EndsWith('}'))
        {
            return 0;
        }

        var open = line.LastIndexOf('{');
        var digits = line[(open + 1)..^1].TrimEnd('+');
        return open >= 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
