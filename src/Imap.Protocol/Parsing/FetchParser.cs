using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses <c>n FETCH (items)</c>. Unknown items are skipped with a nesting bound.</summary>
internal static class FetchParser
{
    /// <summary>Parses the item list after the FETCH keyword.</summary>
    internal static FetchResponse Parse(ref ImapResponseReader reader, ResponseParseContext context, uint sequenceNumber)
    {
        reader.ReadSpace();
        reader.Expect((byte)'(');
        var items = new FetchItems();
        if (reader.Peek() != (byte)')')
        {
            do
                ReadItem(ref reader, context, ref items);
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        reader.ReadLineEnd();
        return items.ToResponse(sequenceNumber);
    }

    private static void ReadItem(ref ImapResponseReader reader, ResponseParseContext context, ref FetchItems items, bool wrapped = false)
    {
        if (!wrapped && reader.Peek() == (byte)'(' && reader.Allows(ImapQuirks.ParenthesizedFetchItems))
        {
            // Domino: "(ENVELOPE (...))" where "ENVELOPE (...)" belongs; one level only.
            reader.Expect((byte)'(');
            do
                ReadItem(ref reader, context, ref items, wrapped: true);
            while (reader.NextListItem());
            reader.ReadListEnd();
            return;
        }
        var name = FetchItemName.Read(ref reader, out var section, out var hasSection, out var origin);
        if (hasSection && reader.Allows(ImapQuirks.SectionWithoutValue) && IsMissingValue(ref reader))
        {
            // Yandex: "BODY[2] )", a section name and no value: as if NIL.
            items.Bodies ??= [];
            items.Bodies.Add(new FetchBodySection(FetchItemName.BodyItemName(name), Encoding.UTF8.GetString(section), origin, null, 0, streamed: false));
            return;
        }
        reader.ReadSpace();
        switch (FetchItemName.Classify(name, hasSection))
        {
            case FetchItemKind.Uid:
                items.Uid = new Uid(reader.ReadNumber());
                break;
            case FetchItemKind.Flags:
                items.Flags = FlagListParser.Read(ref reader, context, out _);
                break;
            case FetchItemKind.ModSeq:
                items.ModSeq = FetchItemValues.ReadModSeq(ref reader);
                break;
            case FetchItemKind.InternalDate:
                items.InternalDate = FetchItemValues.ReadInternalDate(ref reader);
                break;
            case FetchItemKind.Rfc822Size:
                items.Rfc822Size = (long)reader.ReadNumber64();
                break;
            case FetchItemKind.Body:
                items.Bodies ??= [];
                items.Bodies.Add(ReadBody(ref reader, name, section, origin));
                break;
            case FetchItemKind.Envelope:
                items.Envelope = EnvelopeParser.Read(ref reader, context.Limits.MaxNesting);
                break;
            case FetchItemKind.BodyStructure:
                items.BodyStructure = BodyStructureParser.Read(ref reader, context);
                break;
            case FetchItemKind.EmailId:
                items.EmailId = ReadObjectId(ref reader);
                break;
            case FetchItemKind.ThreadId:
                items.ThreadId = reader.TryReadNil() ? null : ReadObjectId(ref reader);
                break;
            case FetchItemKind.GmailMessageId:
                items.GmailMessageId = reader.ReadNumber64();
                break;
            default:
                reader.SkipValue(context.Limits.MaxNesting);
                break;
        }
    }

    /// <summary>True when the item list ends right after a name (<c>)</c>, or SP then <c>)</c>); consumes the SP.</summary>
    private static bool IsMissingValue(ref ImapResponseReader reader)
    {
        if (reader.Peek() == (byte)')')
            return true;
        if (reader.Peek() != (byte)' ' || reader.PeekAt(1) != (byte)')')
            return false;
        reader.ReadSpace();
        return true;
    }

    private static FetchBodySection ReadBody(ref ImapResponseReader reader, scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> section, uint? origin)
    {
        var value = reader.ReadNString();
        var item = FetchItemName.BodyItemName(name);
        var sectionText = section.IsEmpty ? string.Empty : Encoding.UTF8.GetString(section);
        return value.Kind switch
        {
            ImapStringKind.Nil => new FetchBodySection(item, sectionText, origin, null, 0, streamed: false),
            ImapStringKind.Streamed => new FetchBodySection(item, sectionText, origin, null, value.StreamedLength, streamed: true),
            _ => BodyWithData(item, sectionText, origin, value.ToArray()),
        };
    }

    private static FetchBodySection BodyWithData(string item, string section, uint? origin, byte[] data) =>
        new(item, section, origin, data, data.Length, streamed: false);

    private static string ReadObjectId(ref ImapResponseReader reader)
    {
        reader.Expect((byte)'(');
        var id = Encoding.ASCII.GetString(reader.ReadAtom());
        reader.Expect((byte)')');
        return id;
    }
}
