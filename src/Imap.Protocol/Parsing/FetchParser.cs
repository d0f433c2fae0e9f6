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
        var response = new FetchResponse(sequenceNumber);
        List<FetchBodySection>? bodies = null;
        if (reader.Peek() != (byte)')')
        {
            do
                ReadItem(ref reader, context, response, ref bodies);
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        reader.ReadLineEnd();
        if (bodies is not null)
            response.Bodies = bodies;
        return response;
    }

    private static void ReadItem(ref ImapResponseReader reader, ResponseParseContext context, FetchResponse response, ref List<FetchBodySection>? bodies, bool wrapped = false)
    {
        if (!wrapped && reader.Peek() == (byte)'(' && reader.Allows(ImapQuirks.ParenthesizedFetchItems))
        {
            // Domino: "(ENVELOPE (...))" where "ENVELOPE (...)" belongs; one level only.
            reader.Expect((byte)'(');
            do
                ReadItem(ref reader, context, response, ref bodies, wrapped: true);
            while (reader.NextListItem());
            reader.ReadListEnd();
            return;
        }
        var name = FetchItemName.Read(ref reader, out var section, out var hasSection, out var origin);
        if (hasSection && reader.Allows(ImapQuirks.SectionWithoutValue) && IsMissingValue(ref reader))
        {
            // Yandex: "BODY[2] )", a section name and no value: as if NIL.
            bodies ??= [];
            bodies.Add(new FetchBodySection(FetchItemName.BodyItemName(name), Encoding.UTF8.GetString(section), origin, null, 0, streamed: false));
            return;
        }
        reader.ReadSpace();
        switch (FetchItemName.Classify(name, hasSection))
        {
            case FetchItemKind.Uid:
                response.Uid = new Uid(reader.ReadNumber());
                break;
            case FetchItemKind.Flags:
                response.Flags = FlagListParser.Read(ref reader, context, out _);
                break;
            case FetchItemKind.ModSeq:
                response.ModSeq = FetchItemValues.ReadModSeq(ref reader);
                break;
            case FetchItemKind.InternalDate:
                response.InternalDate = FetchItemValues.ReadInternalDate(ref reader);
                break;
            case FetchItemKind.Rfc822Size:
                response.Rfc822Size = (long)reader.ReadNumber64();
                break;
            case FetchItemKind.Body:
                bodies ??= [];
                bodies.Add(ReadBody(ref reader, name, section, origin));
                break;
            case FetchItemKind.Envelope:
                response.Envelope = EnvelopeParser.Read(ref reader, context.Limits.MaxNesting);
                break;
            case FetchItemKind.BodyStructure:
                response.BodyStructure = BodyStructureParser.Read(ref reader, context);
                break;
            case FetchItemKind.EmailId:
                response.EmailId = ReadObjectId(ref reader);
                break;
            case FetchItemKind.ThreadId:
                response.ThreadId = reader.TryReadNil() ? null : ReadObjectId(ref reader);
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
