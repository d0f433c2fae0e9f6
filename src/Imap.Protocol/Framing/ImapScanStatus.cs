namespace Imap.Protocol.Framing;

/// <summary>What <see cref="ImapFrameScanner.Scan"/> found.</summary>
internal enum ImapScanStatus
{
    /// <summary>The frame is not complete yet; call again with more bytes (the scanned part is not rescanned).</summary>
    NeedMoreData,

    /// <summary>
    /// A line ended with a literal announcement (<c>{n}</c>, <c>{n+}</c>, <c>~{n}</c>). The caller either calls
    /// <see cref="ImapScanState.AcceptLiteral"/> to keep the payload in the frame, or consumes it itself and
    /// calls <see cref="ImapScanState.ResumeAfterStreamedLiteral"/>.
    /// </summary>
    LiteralAnnounced,

    /// <summary>A complete response ends at <see cref="ImapScanState.Consumed"/>.</summary>
    FrameComplete,
}
