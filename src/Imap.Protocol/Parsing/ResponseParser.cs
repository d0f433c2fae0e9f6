using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Turns one complete frame into a typed <see cref="ImapResponse"/>.</summary>
internal static class ResponseParser
{
    /// <summary>Parses the frame under <paramref name="reader"/> (positioned at its start).</summary>
    /// <exception cref="ImapProtocolException">The frame is not a valid response under the reader's quirks.</exception>
    public static ImapResponse Parse(ref ImapResponseReader reader, ResponseParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = reader.Peek();
        if (first == (byte)'+')
            return ParseContinuation(ref reader);
        if (first == (byte)'*' && reader.PeekAt(1) is (byte)' ' or (byte)'\r' or (byte)'\n')
        {
            reader.Expect((byte)'*');
            reader.ReadSpace();
            return ParseUntagged(ref reader, context);
        }
        if (first == (byte)'[' && reader.Allows(ImapQuirks.BareResponseCodeLine))
            return Unknown(ref reader, [], null); // Exchange's "[COPYUID 55 31 6]": garbled, skipped
        var tagSpan = reader.ReadAStringChars();
        if (tagSpan.Contains((byte)'+'))
            reader.Throw("Invalid tag");
        var tag = Encoding.ASCII.GetString(tagSpan);
        reader.ReadSpace();
        var keyword = reader.ReadAtom();
        var status = StatusResponseParser.StatusOf(keyword);
        if (status is not (ImapStatus.Ok or ImapStatus.No or ImapStatus.Bad))
            reader.Throw("Expected OK, NO or BAD after a tag");
        return StatusResponseParser.Parse(ref reader, context, tag, status!.Value);
    }

    private static ContinuationResponse ParseContinuation(ref ImapResponseReader reader)
    {
        reader.Expect((byte)'+');
        if (reader.AtLineEnd)
        {
            if (!reader.Allows(ImapQuirks.MissingText))
                reader.Throw("Expected SP after +");
            reader.ReadLineEnd();
            return new ContinuationResponse(string.Empty);
        }
        reader.ReadSpace();
        var text = Encoding.UTF8.GetString(reader.ReadTextToLineEnd());
        reader.ReadLineEnd();
        return new ContinuationResponse(text);
    }

    private static ImapResponse ParseUntagged(ref ImapResponseReader reader, ResponseParseContext context)
    {
        var first = reader.Peek();
        if (first is >= (byte)'0' and <= (byte)'9')
            return ParseNumbered(ref reader, context);
        if (first == (byte)'[')
        {
            if (!reader.Allows(ImapQuirks.UntaggedCodeWithoutStatus))
                reader.Throw("Response code without a status word");
            return StatusResponseParser.ParseText(ref reader, context, null, ImapStatus.Ok);
        }
        var keyword = reader.ReadAtom();
        var status = StatusResponseParser.StatusOf(keyword);
        if (status is not null)
            return StatusResponseParser.Parse(ref reader, context, null, status.Value);
        return keyword.Length switch
        {
            2 when Ascii.EqualsIgnoreCase(keyword, "ID"u8) => IdParser.Parse(ref reader),
            4 when Ascii.EqualsIgnoreCase(keyword, "LIST"u8) => ListParser.Parse(ref reader, context, isLsub: false),
            4 when Ascii.EqualsIgnoreCase(keyword, "LSUB"u8) => ListParser.Parse(ref reader, context, isLsub: true),
            5 when Ascii.EqualsIgnoreCase(keyword, "FLAGS"u8) => ParseFlags(ref reader, context),
            6 when Ascii.EqualsIgnoreCase(keyword, "STATUS"u8) => StatusDataParser.Parse(ref reader, context),
            6 when Ascii.EqualsIgnoreCase(keyword, "SEARCH"u8) => SearchParser.Parse(ref reader),
            7 when Ascii.EqualsIgnoreCase(keyword, "ENABLED"u8) => new EnabledResponse(AtomListParser.ReadRest(ref reader)),
            7 when Ascii.EqualsIgnoreCase(keyword, "ESEARCH"u8) => ESearchParser.Parse(ref reader),
            8 when Ascii.EqualsIgnoreCase(keyword, "VANISHED"u8) => ParseVanished(ref reader),
            9 when Ascii.EqualsIgnoreCase(keyword, "NAMESPACE"u8) => NamespaceParser.Parse(ref reader),
            10 when Ascii.EqualsIgnoreCase(keyword, "CAPABILITY"u8) =>
                new CapabilityResponse(new ImapCapabilities(AtomListParser.ReadRest(ref reader))),
            _ => Unknown(ref reader, keyword, null),
        };
    }

    private static ImapResponse ParseNumbered(ref ImapResponseReader reader, ResponseParseContext context)
    {
        var number = reader.ReadNumber();
        reader.ReadSpace();
        var keyword = reader.ReadAtom();
        if (Ascii.EqualsIgnoreCase(keyword, "FETCH"u8))
        {
            CheckNonZero(ref reader, number);
            return FetchParser.Parse(ref reader, context, number);
        }
        if (Ascii.EqualsIgnoreCase(keyword, "EXISTS"u8))
            return EndWith(ref reader, new ExistsResponse(number));
        if (Ascii.EqualsIgnoreCase(keyword, "EXPUNGE"u8))
        {
            CheckNonZero(ref reader, number);
            return EndWith(ref reader, new ExpungeResponse(number));
        }
        if (Ascii.EqualsIgnoreCase(keyword, "RECENT"u8))
            return EndWith(ref reader, new RecentResponse(number));
        if (Ascii.EqualsIgnoreCase(keyword, "VANISHED"u8))
            reader.Throw("VANISHED carries no message number");
        return Unknown(ref reader, keyword, number);
    }

    private static void CheckNonZero(ref ImapResponseReader reader, uint number)
    {
        if (number == 0 && !reader.Allows(ImapQuirks.ZeroSequenceNumber))
            reader.Throw("Message sequence number 0");
    }

    private static T EndWith<T>(ref ImapResponseReader reader, T response)
    {
        reader.ReadLineEnd();
        return response;
    }

    private static FlagsResponse ParseFlags(ref ImapResponseReader reader, ResponseParseContext context)
    {
        reader.ReadSpace();
        var flags = FlagListParser.Read(ref reader, context, out _);
        reader.ReadLineEnd();
        return new FlagsResponse(flags);
    }

    private static ImapResponse ParseVanished(ref ImapResponseReader reader)
    {
        reader.ReadSpace();
        if (reader.Allows(ImapQuirks.MalformedVanished))
            return ParseVanishedLeniently(ref reader);
        var earlier = false;
        if (reader.TryRead((byte)'('))
        {
            var modifier = reader.ReadAtom();
            if (!Ascii.EqualsIgnoreCase(modifier, "EARLIER"u8))
                reader.Throw("Expected EARLIER");
            reader.Expect((byte)')');
            reader.ReadSpace();
            earlier = true;
        }
        var uids = SequenceSetParser.ReadUidSet(ref reader);
        reader.ReadLineEnd();
        return new VanishedResponse(uids, earlier);
    }

    /// <summary>The same grammar, but a line that does not fit it is kept as an unknown VANISHED response.</summary>
    private static ImapResponse ParseVanishedLeniently(ref ImapResponseReader reader)
    {
        var text = reader.ReadTextToLineEnd();
        reader.ReadLineEnd();
        var earlier = text.Length >= 10 && Ascii.EqualsIgnoreCase(text[..10], "(EARLIER) "u8);
        return UidSet.TryParse(earlier ? text[10..] : text, out var uids)
            ? new VanishedResponse(uids, earlier)
            : new UnknownResponse(null, "VANISHED", null, Encoding.UTF8.GetString(text));
    }

    private static UnknownResponse Unknown(ref ImapResponseReader reader, ReadOnlySpan<byte> keyword, uint? number)
    {
        var rest = reader.ReadTextToLineEnd();
        if (rest.Length > 0 && rest[0] == (byte)' ')
            rest = rest[1..];
        return new UnknownResponse(null, Encoding.UTF8.GetString(keyword).ToUpperInvariant(), number, Encoding.UTF8.GetString(rest));
    }
}
