using System.Text;

namespace Imap.Protocol.Parsing;

/// <summary>Reads and classifies FETCH item names such as <c>BODY[HEADER.FIELDS (X)]&lt;0&gt;</c>.</summary>
internal static class FetchItemName
{
    /// <summary>Reads the name, its optional <c>[section]</c> and <c>&lt;origin&gt;</c>.</summary>
    internal static ReadOnlySpan<byte> Read(ref ImapResponseReader reader, out ReadOnlySpan<byte> section, out bool hasSection, out uint? origin)
    {
        var frame = reader.Frame;
        var start = reader.Position;
        var end = start;
        while (end < frame.Length && frame[end] != (byte)'[' && CharClass.IsAtom(frame[end]))
            end++;
        if (end == start)
            reader.Throw("Expected a FETCH item name");
        var name = frame[start..end];
        reader.Skip(end - start);
        section = default;
        origin = null;
        hasSection = reader.Peek() == (byte)'[';
        if (hasSection)
        {
            section = reader.ReadBracketed();
            if (reader.TryRead((byte)'<'))
            {
                origin = reader.ReadNumber();
                reader.Expect((byte)'>');
            }
        }
        return name;
    }

    internal static FetchItemKind Classify(ReadOnlySpan<byte> name, bool hasSection)
    {
        if (hasSection)
        {
            return Ascii.EqualsIgnoreCase(name, "BODY"u8) || Ascii.EqualsIgnoreCase(name, "BINARY"u8)
                ? FetchItemKind.Body
                : FetchItemKind.Unknown;
        }
        return name.Length switch
        {
            3 when Ascii.EqualsIgnoreCase(name, "UID"u8) => FetchItemKind.Uid,
            4 when Ascii.EqualsIgnoreCase(name, "BODY"u8) => FetchItemKind.BodyStructure,
            5 when Ascii.EqualsIgnoreCase(name, "FLAGS"u8) => FetchItemKind.Flags,
            6 when Ascii.EqualsIgnoreCase(name, "MODSEQ"u8) => FetchItemKind.ModSeq,
            6 when Ascii.EqualsIgnoreCase(name, "RFC822"u8) => FetchItemKind.Body,
            7 when Ascii.EqualsIgnoreCase(name, "EMAILID"u8) => FetchItemKind.EmailId,
            8 when Ascii.EqualsIgnoreCase(name, "ENVELOPE"u8) => FetchItemKind.Envelope,
            8 when Ascii.EqualsIgnoreCase(name, "THREADID"u8) => FetchItemKind.ThreadId,
            10 when Ascii.EqualsIgnoreCase(name, "X-GM-MSGID"u8) => FetchItemKind.GmailMessageId,
            11 when Ascii.EqualsIgnoreCase(name, "RFC822.SIZE"u8) => FetchItemKind.Rfc822Size,
            11 when Ascii.EqualsIgnoreCase(name, "RFC822.TEXT"u8) => FetchItemKind.Body,
            12 when Ascii.EqualsIgnoreCase(name, "INTERNALDATE"u8) => FetchItemKind.InternalDate,
            13 when Ascii.EqualsIgnoreCase(name, "RFC822.HEADER"u8) => FetchItemKind.Body,
            13 when Ascii.EqualsIgnoreCase(name, "BODYSTRUCTURE"u8) => FetchItemKind.BodyStructure,
            _ => FetchItemKind.Unknown,
        };
    }

    /// <summary>The canonical (upper-case, interned) item name of a body item.</summary>
    internal static string BodyItemName(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 => "BODY",
        6 when Ascii.EqualsIgnoreCase(name, "BINARY"u8) => "BINARY",
        6 => "RFC822",
        11 => "RFC822.TEXT",
        _ => "RFC822.HEADER",
    };
}
