using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Values of FETCH items shared by the typed and the allocation-free FETCH parsers.</summary>
internal static class FetchItemValues
{
    internal static ModSeq ReadModSeq(ref ImapResponseReader reader)
    {
        reader.Expect((byte)'(');
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
