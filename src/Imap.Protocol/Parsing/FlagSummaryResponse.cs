using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// A <c>* n FETCH (UID FLAGS MODSEQ)</c> frame read as <see cref="FetchedFlags"/> (see
/// <see cref="ImapResponseSource.ReadFlagSummaries"/>). One instance per source, overwritten by the next
/// such frame: the read loop routes it before it reads on, and makes a <see cref="FetchResponse"/> of it
/// (<see cref="ToResponse"/>) only for a listener that wants one.
/// </summary>
internal sealed class FlagSummaryResponse : ImapResponse
{
    public uint SequenceNumber { get; private set; }

    public FetchedFlags Flags { get; private set; }

    internal FlagSummaryResponse Set(uint sequenceNumber, in FetchedFlags flags)
    {
        SequenceNumber = sequenceNumber;
        Flags = flags;
        return this;
    }

    /// <summary>The typed response the frame would have parsed into.</summary>
    public FetchResponse ToResponse() => new(SequenceNumber) { Uid = Flags.Uid, Flags = Flags.Flags, ModSeq = Flags.ModSeq };
}
