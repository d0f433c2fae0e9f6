using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Allocation-free reading of <c>* n FETCH (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE …)</c> frames for bulk
/// flag synchronization. Keywords are interned in the context, so steady state allocates nothing per message.
/// </summary>
internal static class FetchSummaryParser
{
    /// <summary>
    /// Reads the frame under <paramref name="reader"/>, skipping other items (bodies, ENVELOPE…). Returns false,
    /// without consuming anything useful, when the frame is not an untagged FETCH; throws
    /// <see cref="ImapProtocolException"/> when it is a malformed one.
    /// </summary>
    public static bool TryParse(ref ImapResponseReader reader, ResponseParseContext context, out FetchSummary summary)
    {
        ArgumentNullException.ThrowIfNull(context);
        summary = default;
        if (!TryReadHeader(ref reader, out var sequenceNumber))
            return false;
        Uid? uid = null;
        FlagSet? flags = null;
        ModSeq? modSeq = null;
        long? size = null;
        DateTimeOffset? internalDate = null;
        if (reader.Peek() != (byte)')')
        {
            do
            {
                var name = FetchItemName.Read(ref reader, out _, out var hasSection, out _);
                reader.ReadSpace();
                var kind = FetchItemName.Classify(name, hasSection);
                if (TryReadFlagItem(ref reader, context, kind, ref uid, ref flags, ref modSeq))
                    continue;
                switch (kind)
                {
                    case FetchItemKind.Rfc822Size:
                        size = (long)reader.ReadNumber64();
                        break;
                    case FetchItemKind.InternalDate:
                        internalDate = FetchItemValues.ReadInternalDate(ref reader);
                        break;
                    default:
                        reader.SkipValue(context.Limits.MaxNesting);
                        break;
                }
            }
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        reader.ReadLineEnd();
        summary = new FetchSummary(sequenceNumber, uid, flags, modSeq, size, internalDate);
        return true;
    }

    /// <summary>
    /// Reads the frame as <see cref="FetchedFlags"/> when it is an untagged FETCH of nothing but UID, FLAGS
    /// and MODSEQ, with UID and FLAGS present. Returns false as soon as the frame is anything else (another
    /// item, a wrapped item list, a missing UID or FLAGS): the caller then parses it as a typed response
    /// from the start. Throws <see cref="ImapProtocolException"/> only where the typed parser would too.
    /// </summary>
    public static bool TryParseFlags(ref ImapResponseReader reader, ResponseParseContext context, out uint sequenceNumber, out FetchedFlags fetched)
    {
        fetched = default;
        if (!TryReadHeader(ref reader, out sequenceNumber))
            return false;
        Uid? uid = null;
        FlagSet? flags = null;
        ModSeq? modSeq = null;
        do
        {
            // Anything but a plain item name (a wrapped list, an empty list) is the typed parser's to judge.
            if (reader.Peek() is not ((byte)'U' or (byte)'u' or (byte)'F' or (byte)'f' or (byte)'M' or (byte)'m'))
                return false;
            var name = FetchItemName.Read(ref reader, out _, out var hasSection, out _);
            var kind = FetchItemName.Classify(name, hasSection);
            if (kind is not (FetchItemKind.Uid or FetchItemKind.Flags or FetchItemKind.ModSeq) || reader.Peek() != (byte)' ')
                return false;
            reader.ReadSpace();
            TryReadFlagItem(ref reader, context, kind, ref uid, ref flags, ref modSeq);
        }
        while (reader.NextListItem());
        reader.ReadListEnd();
        reader.ReadLineEnd();
        if (uid is not { } u || flags is not { } f)
            return false;
        fetched = new FetchedFlags(u, f, modSeq);
        return true;
    }

    /// <summary>Reads the value of a UID, FLAGS or MODSEQ item; false, having read nothing, for another kind.</summary>
    private static bool TryReadFlagItem(ref ImapResponseReader reader, ResponseParseContext context, FetchItemKind kind, ref Uid? uid, ref FlagSet? flags, ref ModSeq? modSeq)
    {
        switch (kind)
        {
            case FetchItemKind.Uid:
                uid = new Uid(reader.ReadNumber());
                return true;
            case FetchItemKind.Flags:
                flags = FlagListParser.Read(ref reader, context, out _);
                return true;
            case FetchItemKind.ModSeq:
                modSeq = FetchItemValues.ReadModSeq(ref reader);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads <c>* n FETCH (</c>; false when the frame is not an untagged FETCH.</summary>
    private static bool TryReadHeader(ref ImapResponseReader reader, out uint sequenceNumber)
    {
        sequenceNumber = 0;
        if (reader.Peek() != (byte)'*' || reader.PeekAt(1) != (byte)' ' || reader.PeekAt(2) is < (byte)'0' or > (byte)'9')
            return false;
        reader.Expect((byte)'*');
        reader.ReadSpace();
        sequenceNumber = reader.ReadNumber();
        reader.ReadSpace();
        if (!Ascii.EqualsIgnoreCase(reader.ReadAtom(), "FETCH"u8))
            return false;
        if (sequenceNumber == 0 && !reader.Allows(ImapQuirks.ZeroSequenceNumber))
            reader.Throw("Message sequence number 0");
        reader.ReadSpace();
        reader.Expect((byte)'(');
        return true;
    }
}
