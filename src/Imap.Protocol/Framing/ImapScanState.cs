using Imap.Protocol.Model;

namespace Imap.Protocol.Framing;

/// <summary>
/// Where the frame scanner stands inside a partial frame, so that each call resumes where the last one
/// stopped. Offsets are relative to the start of the buffer the caller passes (the frame start, or the
/// point after a streamed literal).
/// </summary>
internal struct ImapScanState
{
    /// <summary>Bytes of the buffer already scanned; after <see cref="ImapScanStatus.FrameComplete"/>, the frame length.</summary>
    public long Consumed { get; internal set; }

    /// <summary>Offset where the current line started.</summary>
    internal long LineStart;

    /// <summary>Payload bytes of an accepted literal still to skip.</summary>
    internal long LiteralRemaining;

    /// <summary>Frame bytes held before the current buffer start (earlier parts of a frame with streamed literals).</summary>
    internal long HeldBefore;

    /// <summary>Stream offset of the buffer start, used only to report error positions.</summary>
    public long StreamOffset { get; set; }

    /// <summary>After <see cref="ImapScanStatus.LiteralAnnounced"/>: the announced length.</summary>
    public long PendingLiteralLength { get; internal set; }

    /// <summary>After <see cref="ImapScanStatus.LiteralAnnounced"/>: true for <c>~{n}</c> (literal8, NUL allowed).</summary>
    public bool PendingLiteralIsBinary { get; internal set; }

    /// <summary>Keeps the announced literal in the frame; the next scan skips its payload.</summary>
    /// <exception cref="ImapProtocolException">The frame would exceed <see cref="ImapReaderLimits.MaxFrameLength"/>.</exception>
    public void AcceptLiteral(ImapReaderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (HeldBefore + Consumed + PendingLiteralLength > limits.MaxFrameLength)
            ThrowHelper.Limit("Frame longer than the frame limit", StreamOffset + Consumed);
        LiteralRemaining = PendingLiteralLength;
        LineStart = Consumed;
        PendingLiteralLength = 0;
    }

    /// <summary>
    /// The caller kept the first <see cref="Consumed"/> bytes aside and consumed the announced literal itself;
    /// scanning resumes at the start of the buffer it passes next.
    /// </summary>
    public void ResumeAfterStreamedLiteral()
    {
        HeldBefore += Consumed;
        StreamOffset += Consumed + PendingLiteralLength;
        Consumed = 0;
        LineStart = 0;
        PendingLiteralLength = 0;
        LiteralRemaining = 0;
    }

    /// <summary>Prepares for the next frame, which starts <see cref="Consumed"/> bytes after this one.</summary>
    public void NextFrame()
    {
        StreamOffset += Consumed;
        this = new ImapScanState { StreamOffset = StreamOffset };
    }
}
