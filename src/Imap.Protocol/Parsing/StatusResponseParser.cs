using System.Text;
using Imap.Protocol.Framing;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses <c>OK/NO/BAD/PREAUTH/BYE [code] text</c>.</summary>
internal static class StatusResponseParser
{
    internal static ImapStatus? StatusOf(ReadOnlySpan<byte> keyword) => keyword.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(keyword, "OK"u8) => ImapStatus.Ok,
        2 when Ascii.EqualsIgnoreCase(keyword, "NO"u8) => ImapStatus.No,
        3 when Ascii.EqualsIgnoreCase(keyword, "BAD"u8) => ImapStatus.Bad,
        3 when Ascii.EqualsIgnoreCase(keyword, "BYE"u8) => ImapStatus.Bye,
        7 when Ascii.EqualsIgnoreCase(keyword, "PREAUTH"u8) => ImapStatus.PreAuth,
        _ => null,
    };

    /// <summary>Parses what follows the status word.</summary>
    internal static StatusResponse Parse(ref ImapResponseReader reader, ResponseParseContext context, string? tag, ImapStatus status)
    {
        if (reader.AtLineEnd || (reader.Peek() == (byte)' ' && reader.Allows(ImapQuirks.TrailingSpace) && IsBlankToLineEnd(ref reader)))
        {
            if (!reader.Allows(ImapQuirks.MissingText))
                reader.Throw("Expected SP and text after the status");
            reader.ReadLineEnd();
            return new StatusResponse(tag, status, null, string.Empty);
        }
        reader.ReadSpace();
        return ParseText(ref reader, context, tag, status);
    }

    private static bool IsBlankToLineEnd(ref ImapResponseReader reader)
    {
        var i = 0;
        while (reader.PeekAt(i) == (byte)' ')
            i++;
        return reader.PeekAt(i) is (byte)'\r' or (byte)'\n';
    }

    /// <summary>
    /// Parses <c>resp-text</c>. A bracket that does not hold a valid code (no <c>]</c>, missing argument,
    /// non-atom) is kept as plain text with no code, never an error. A code followed directly by the line
    /// end is accepted in every mode (RFC 7162 examples and Gmail send it).
    /// </summary>
    internal static StatusResponse ParseText(ref ImapResponseReader reader, ResponseParseContext context, string? tag, ImapStatus status)
    {
        var text = reader.ReadTextToLineEnd();
        reader.ReadLineEnd();
        ResponseCode? code = null;
        if (text.Length > 0 && text[0] == (byte)'[')
        {
            var close = text.IndexOf((byte)']');
            if (close > 0 && TryParseCode(text[1..close], reader.Quirks, context, out code))
            {
                text = text[(close + 1)..];
                if (text.Length > 0 && text[0] == (byte)' ')
                    text = text[1..];
            }
        }
        return new StatusResponse(tag, status, code, Encoding.UTF8.GetString(text));
    }

    private static bool TryParseCode(ReadOnlySpan<byte> content, ImapQuirks quirks, ResponseParseContext context, out ResponseCode? code)
    {
        // The code's bytes plus a line end, so the sub-reader sees a complete "frame".
        Span<byte> frame = content.Length <= 512 ? stackalloc byte[content.Length + 2] : new byte[content.Length + 2];
        content.CopyTo(frame);
        frame[^2] = (byte)'\r';
        frame[^1] = (byte)'\n';
        var reader = new ImapResponseReader(frame, quirks & ~ImapQuirks.TrailingSpace);
        try
        {
            code = ResponseCodeParser.Parse(ref reader, context);
            return true;
        }
        catch (ImapProtocolException)
        {
            code = null;
            return false;
        }
    }
}
