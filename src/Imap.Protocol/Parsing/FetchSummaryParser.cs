using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Allocation-free reading of <c>* n FETCH (UID FLAGS MODSEQ RFC822.SIZE INTERNALDATE …)</c> frames for bulk
/// flag synchronization: other items (bodies, ENVELOPE…) are skipped. Keywords are interned in the context,
/// so steady state allocates nothing per message.
/// </summary>
internal static class FetchSummaryParser
{
    /// <summary>
    /// Reads the frame under <paramref name="reader"/>. Returns false, without consuming anything useful, when the
    /// frame is not an untagged FETCH; throws <see cref="ImapProtocolException"/> when it is a malformed one.
    /// </summary>
    public static bool TryParse(ref ImapResponseReader reader, ResponseParseContext context, out FetchSummary summary)
    {
        ArgumentNullException.ThrowIfNull(context);
        summary = default;
        if (reader.Peek() != (byte)'*' || reader.PeekAt(1) != (byte)' ' || reader.PeekAt(2) is < (byte)'0' or > (byte)'9')
            return false;
        reader.Expect((byte)'*');
        reader.ReadSpace();
        var sequenceNumber = reader.ReadNumber();
        reader.ReadSpace();
        if (!Ascii.EqualsIgnoreCase(reader.ReadAtom(), "FETCH"u8))
            return false;
        if (sequenceNumber == 0 && !reader.Allows(ImapQuirks.ZeroSequenceNumber))
            reader.Throw("Message sequence number 0");
        reader.ReadSpace();
        reader.Expect((byte)'(');
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
                switch (FetchItemName.Classify(name, hasSection))
                {
                    case FetchItemKind.Uid:
                        uid = new Uid(reader.ReadNumber());
                        break;
                    case FetchItemKind.Flags:
                        flags = FlagListParser.Read(ref reader, context, out _);
                        break;
                    case FetchItemKind.ModSeq:
                        modSeq = FetchItemValues.ReadModSeq(ref reader);
                        break;
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
}
