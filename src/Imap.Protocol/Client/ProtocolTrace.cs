using System.Globalization;
using System.Text;
using Imap.Protocol.Commands;

namespace Imap.Protocol.Client;

/// <summary>
/// InterIMAP-style trace: <c>C:</c>/<c>S:</c> lines without CRLF, literal data never printed (a line
/// that continues after a literal starts with <c>[...]</c>), credentials redacted unless asked for.
/// </summary>
internal sealed class ProtocolTrace(Action<string> sink, bool showCredentials)
{
    private const int MaxLine = 4000;
    private readonly StringBuilder _serverLine = new();
    private long _serverLiteralRemaining;
    private bool _serverAfterLiteral;
    private bool _serverLineTruncated;

    public bool ShowCredentials { get; } = showCredentials;

    /// <summary>While set, server "+" lines and client continuation answers are hidden (SASL exchange).</summary>
    public bool HideExchange { get; set; }

    public void ClientSegment(string tag, ImapCommand command, int index)
    {
        if (command.Sensitive && !ShowCredentials)
        {
            if (index == 0)
            {
                sink($"C: {tag} {command.Name} [REDACTED]");
            }
            return;
        }
        var segment = command.Segments[index];
        var text = Encoding.UTF8.GetString(segment.Line.Span).TrimEnd('\r', '\n');
        sink("C: " + (index == 0 ? tag + " " : "[...]") + Truncate(text));
    }

    public void ClientContinuation(string text)
    {
        if (!HideExchange || ShowCredentials)
        {
            sink("C: " + Truncate(text));
        }
    }

    public void ServerBytes(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_serverLiteralRemaining > 0)
            {
                var skip = (int)Math.Min(_serverLiteralRemaining, bytes.Length);
                _serverLiteralRemaining -= skip;
                bytes = bytes[skip..];
                continue;
            }
            var newline = bytes.IndexOf((byte)'\n');
            var part = newline < 0 ? bytes : bytes[..(newline + 1)];
            if (_serverLine.Length < MaxLine)
            {
                _serverLine.Append(Encoding.UTF8.GetString(part[..Math.Min(part.Length, MaxLine)]));
            }
            else
            {
                _serverLineTruncated = true;
            }
            bytes = bytes[part.Length..];
            if (newline >= 0)
            {
                EndServerLine();
            }
        }
    }

    private void EndServerLine()
    {
        var text = _serverLine.ToString().TrimEnd('\r', '\n');
        _serverLine.Clear();
        var hidden = HideExchange && !ShowCredentials && text.StartsWith('+');
        if (!hidden)
        {
            sink("S: " + (_serverAfterLiteral ? "[...]" : "") + Truncate(text) + (_serverLineTruncated ? "…" : ""));
        }
        _serverLineTruncated = false;
        _serverLiteralRemaining = LiteralLength(text);
        _serverAfterLiteral = _serverLiteralRemaining > 0;
    }

    /// <summary>The length announced by a <c>{n}</c>/<c>~{n}</c> at the end of a line, or 0.</summary>
    internal static long LiteralLength(string line)
    {
        if (!line.EndsWith('}'))
        {
            return 0;
        }
        var open = line.LastIndexOf('{');
        if (open < 0)
        {
            return 0;
        }
        var digits = line.AsSpan(open + 1, line.Length - open - 2).TrimEnd('+');
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static string Truncate(string text) => text.Length <= MaxLine ? text : string.Concat(text.AsSpan(0, MaxLine), "…");
}
