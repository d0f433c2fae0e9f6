using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses <c>SEARCH n n n [(MODSEQ m)]</c>.</summary>
internal static class SearchParser
{
    internal static SearchResponse Parse(ref ImapResponseReader reader)
    {
        var numbers = new List<uint>();
        ModSeq? modSeq = null;
        while (reader.Peek() == (byte)' ' && reader.PeekAt(1) is >= (byte)'0' and <= (byte)'9')
        {
            reader.ReadSpace();
            numbers.Add(reader.ReadNonZeroNumber());
        }
        if (reader.Peek() == (byte)' ' && reader.PeekAt(1) == (byte)'(')
        {
            reader.ReadSpace();
            reader.Expect((byte)'(');
            if (!Ascii.EqualsIgnoreCase(reader.ReadAtom(), "MODSEQ"u8))
                reader.Throw("Expected MODSEQ");
            reader.ReadSpace();
            modSeq = new ModSeq(reader.ReadNumber64());
            reader.ReadListEnd();
        }
        reader.ReadLineEnd();
        return new SearchResponse(numbers, modSeq);
    }
}
