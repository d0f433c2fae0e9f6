using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Reads sequence sets (<c>1:5,7</c>) from the frame.</summary>
internal static class SequenceSetParser
{
    internal static ReadOnlySpan<byte> ReadSetChars(ref ImapResponseReader reader)
    {
        var text = reader.ReadAtom();
        foreach (var b in text)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)':' or (byte)','))
            {
                reader.Throw("Expected a UID set");
                break;
            }
        }
        return text;
    }

    internal static UidSet ReadUidSet(ref ImapResponseReader reader)
    {
        var text = ReadSetChars(ref reader);
        if (!UidSet.TryParse(text, out var set))
            reader.Throw("Expected a UID set");
        return set!;
    }

    internal static UidRange[] ReadOrderedRanges(ref ImapResponseReader reader)
    {
        var text = ReadSetChars(ref reader);
        if (!UidSet.TryParseRanges(text, out var ranges))
            reader.Throw("Expected a UID set");
        return ranges!;
    }
}
