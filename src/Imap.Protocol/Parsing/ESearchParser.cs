using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses <c>ESEARCH [(TAG "t")] [UID] *(SP name SP value)</c>.</summary>
internal static class ESearchParser
{
    private const int MaxNesting = 8;

    internal static ESearchResponse Parse(ref ImapResponseReader reader)
    {
        string? tag = null;
        var isUid = false;
        uint? min = null, max = null, count = null;
        UidRange[]? all = null;
        ModSeq? modSeq = null;
        if (reader.Peek() == (byte)' ' && reader.PeekAt(1) == (byte)'(')
        {
            reader.ReadSpace();
            reader.Expect((byte)'(');
            if (!Ascii.EqualsIgnoreCase(reader.ReadAtom(), "TAG"u8))
                reader.Throw("Expected TAG");
            reader.ReadSpace();
            tag = reader.ReadString().ToString();
            reader.ReadListEnd();
        }
        while (reader.Peek() == (byte)' ' && CharClass.IsAtom(reader.PeekAt(1)))
        {
            reader.ReadSpace();
            var name = reader.ReadAtom();
            if (Ascii.EqualsIgnoreCase(name, "UID"u8))
            {
                isUid = true;
                continue;
            }
            reader.ReadSpace();
            if (Ascii.EqualsIgnoreCase(name, "MIN"u8))
                min = reader.ReadNumber();
            else if (Ascii.EqualsIgnoreCase(name, "MAX"u8))
                max = reader.ReadNumber();
            else if (Ascii.EqualsIgnoreCase(name, "COUNT"u8))
                count = reader.ReadNumber();
            else if (Ascii.EqualsIgnoreCase(name, "ALL"u8))
                all = SequenceSetParser.ReadOrderedRanges(ref reader);
            else if (Ascii.EqualsIgnoreCase(name, "MODSEQ"u8))
                modSeq = new ModSeq(reader.ReadNumber64());
            else
                reader.SkipValue(MaxNesting);
        }
        reader.ReadLineEnd();
        return new ESearchResponse
        {
            Tag = tag,
            IsUid = isUid,
            Min = min,
            Max = max,
            Count = count,
            All = all is null ? null : UidSet.FromRanges(all),
            AllInServerOrder = all,
            ModSeq = modSeq,
        };
    }
}
