using System.Text;
using System.Text.RegularExpressions;

namespace Imap.Protocol.Tests.Support;

/// <summary>Turns the notation of imap-vectors.md into bytes: &lt;CRLF&gt;, &lt;NUL&gt;, &lt;TAB&gt;, &lt;SP&gt;, &lt;N bytes&gt;.</summary>
internal static partial class Wire
{
    /// <summary>The bytes of one vector, with the implied CRLF appended.</summary>
    public static byte[] Line(string notation) => Bytes(notation + "<CRLF>");

    /// <summary>The bytes of a notation string, no CRLF appended.</summary>
    public static byte[] Bytes(string notation)
    {
        var output = new List<byte>();
        var position = 0;
        foreach (Match match in Token().Matches(notation))
        {
            output.AddRange(Encoding.UTF8.GetBytes(notation[position..match.Index]));
            output.AddRange(Expand(match.Groups[1].Value));
            position = match.Index + match.Length;
        }
        output.AddRange(Encoding.UTF8.GetBytes(notation[position..]));
        return [.. output];
    }

    private static byte[] Expand(string token) => token switch
    {
        "CRLF" => "\r\n"u8.ToArray(),
        "CR" => "\r"u8.ToArray(),
        "LF" => "\n"u8.ToArray(),
        "NUL" => [0],
        "TAB" => [9],
        "SP" => [32],
        _ when token.EndsWith(" bytes 0x00..0x1F", StringComparison.Ordinal) => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
        _ when token.EndsWith(" bytes", StringComparison.Ordinal) => Payload(int.Parse(token[..^6], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException("Unknown token " + token),
    };

    /// <summary>Deterministic payload with CR, LF, ')' and '{' in it (no NUL).</summary>
    public static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        ReadOnlySpan<byte> pattern = "ab\r\n)c{1}\r\nxyz) {"u8;
        for (var i = 0; i < length; i++)
            bytes[i] = pattern[i % pattern.Length];
        return bytes;
    }

    [GeneratedRegex(@"<(CRLF|CR|LF|NUL|TAB|SP|\d+ bytes(?: 0x00\.\.0x1F)?)>")]
    private static partial Regex Token();
}
