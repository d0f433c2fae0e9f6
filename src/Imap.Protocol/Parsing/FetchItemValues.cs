using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Values of FETCH items shared by the typed and the allocation-free FETCH parsers.</summary>
internal static class FetchItemValues
{
    /// <summary><c>(n)</c>; <c>(-n)</c> reads as 0 with <see cref="ImapQuirks.NegativeModSeq"/> (no real message has 0).</summary>
    internal static ModSeq ReadModSeq(ref ImapResponseReader reader)
    {
        reader.Expect((byte)'(');
        if (reader.Peek() == (byte)'-' && reader.Allows(ImapQuirks.NegativeModSeq))
        {
            reader.Expect((byte)'-');
            reader.ReadNumber64();
            reader.Expect((byte)')');
            return default;
        }
        var value = new ModSeq(reader.ReadNumber64());
        reader.Expect((byte)')');
        return value;
    }

    internal static DateTimeOffset ReadInternalDate(ref ImapResponseReader reader)
    {
        var date = reader.ReadString();
        if (!InternalDateParser.TryParse(date.Raw, out var value))
            reader.Throw("Invalid INTERNALDATE");
        return value;
    }
}
