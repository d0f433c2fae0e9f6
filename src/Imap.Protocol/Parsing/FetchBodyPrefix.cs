using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Looks at a partial frame that ends in a literal announcement and tells whether that literal is the value
/// of a FETCH body item (BODY[…], BINARY[…], RFC822…), and for which message.
/// </summary>
internal static class FetchBodyPrefix
{
    internal static FetchBodyContext? Describe(ReadOnlySpan<byte> prefix, ImapQuirks quirks, ReadOnlySpan<StreamedLiteral> streamed, long length)
    {
        var reader = new ImapResponseReader(prefix, quirks, 0, streamed);
        try
        {
            reader.Expect((byte)'*');
            reader.ReadSpace();
            var sequenceNumber = reader.ReadNumber();
            reader.ReadSpace();
            if (!Ascii.EqualsIgnoreCase(reader.ReadAtom(), "FETCH"u8))
                return null;
            reader.ReadSpace();
            reader.Expect((byte)'(');
            Uid? uid = null;
            while (true)
            {
                var name = FetchItemName.Read(ref reader, out var section, out var hasSection, out var origin);
                reader.ReadSpace();
                var kind = FetchItemName.Classify(name, hasSection);
                if (IsFinalAnnouncement(prefix[reader.Position..]))
                {
                    return kind != FetchItemKind.Body ? null : new FetchBodyContext(
                        sequenceNumber, uid, FetchItemName.BodyItemName(name), Encoding.UTF8.GetString(section), origin, length);
                }
                if (kind == FetchItemKind.Uid)
                    uid = new Uid(reader.ReadNumber());
                else
                    reader.SkipValue(64);
                if (!reader.NextListItem())
                    return null;
            }
        }
        catch (ImapProtocolException)
        {
            return null;
        }
    }

    private static bool IsFinalAnnouncement(ReadOnlySpan<byte> rest)
    {
        if (rest.Length > 0 && rest[0] == (byte)'~')
            rest = rest[1..];
        if (rest.Length < 4 || rest[0] != (byte)'{')
            return false;
        var close = rest.IndexOf((byte)'}');
        if (close < 2)
            return false;
        var after = rest[(close + 1)..];
        return after.SequenceEqual("\r\n"u8) || after.SequenceEqual("\n"u8);
    }
}
