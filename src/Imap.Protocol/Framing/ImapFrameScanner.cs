using System.Buffers;
using Imap.Protocol.Model;

namespace Imap.Protocol.Framing;

/// <summary>
/// Stage one of reading: finds where one complete response ends, counting literal payloads instead of
/// reading them as lines, and enforcing the limits. Resumable: bytes already scanned are never rescanned.
/// </summary>
internal static class ImapFrameScanner
{
    // Longest tail examined for a literal announcement: "~{" + 20 digits + "+}" + CR, with room to spare.
    private const int MaxAnnouncementLength = 32;

    /// <summary>
    /// Scans <paramref name="buffer"/> (which starts where the frame, or the part after a streamed literal,
    /// starts) from <see cref="ImapScanState.Consumed"/> on.
    /// </summary>
    /// <exception cref="ImapProtocolException">A limit is exceeded, or a bare LF is found in strict mode.</exception>
    public static ImapScanStatus Scan(ref ImapScanState state, in ReadOnlySequence<byte> buffer, ImapReaderLimits limits, ImapQuirks quirks)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (state.LiteralRemaining > 0)
        {
            // NUL in a {n} literal is a grammar error reported by the reader, so the stream stays framed.
            var take = Math.Min(buffer.Length - state.Consumed, state.LiteralRemaining);
            state.Consumed += take;
            state.LiteralRemaining -= take;
            if (state.LiteralRemaining > 0)
                return ImapScanStatus.NeedMoreData;
            state.LineStart = state.Consumed;
        }

        // Fast path: the line ends inside the first segment, so no sequence slicing is needed.
        var first = buffer.FirstSpan;
        if (state.Consumed < first.Length)
        {
            var found = first[(int)state.Consumed..].IndexOf((byte)'\n');
            if (found >= 0)
            {
                var end = (int)state.Consumed + found;
                return LineEnded(ref state, first[(int)state.LineStart..end], end, limits, quirks);
            }
        }

        var rest = buffer.Slice(state.Consumed);
        var lineFeed = rest.PositionOf((byte)'\n');
        if (lineFeed is null)
        {
            state.Consumed = buffer.Length;
            CheckLineLength(ref state, state.Consumed - state.LineStart, limits);
            return ImapScanStatus.NeedMoreData;
        }

        var lineFeedOffset = state.Consumed + rest.Slice(0, lineFeed.Value).Length;
        var lineLength = lineFeedOffset - state.LineStart;
        Span<byte> tail = stackalloc byte[MaxAnnouncementLength];
        var tailLength = (int)Math.Min(lineLength, MaxAnnouncementLength);
        tail = tail[..tailLength];
        buffer.Slice(lineFeedOffset - tailLength, tailLength).CopyTo(tail);
        return LineEnded(ref state, tail, lineFeedOffset, limits, quirks);
    }

    /// <summary>
    /// Handles a line end at <paramref name="lineFeedOffset"/>; <paramref name="tail"/> holds the last bytes of
    /// the line before the LF (enough to recognize a literal announcement).
    /// </summary>
    private static ImapScanStatus LineEnded(ref ImapScanState state, ReadOnlySpan<byte> tail, long lineFeedOffset, ImapReaderLimits limits, ImapQuirks quirks)
    {
        CheckLineLength(ref state, lineFeedOffset - state.LineStart, limits);
        var content = tail;
        if (content.Length > 0 && content[^1] == (byte)'\r')
            content = content[..^1];
        else if ((quirks & ImapQuirks.BareLineFeed) == 0)
            ThrowHelper.Limit("Line ends in a bare LF (strict mode)", state.StreamOffset + lineFeedOffset);

        state.Consumed = lineFeedOffset + 1;
        if (HeldTotal(ref state) > limits.MaxFrameLength)
            ThrowHelper.Limit("Frame longer than the frame limit", state.StreamOffset + state.Consumed);

        var announcement = LiteralAnnouncement.Parse(content, out var length, out var binary);
        if (announcement == LiteralAnnouncement.Result.None)
            return ImapScanStatus.FrameComplete;
        if (announcement == LiteralAnnouncement.Result.TooLarge || length > limits.MaxBodyLiteral)
            ThrowHelper.Limit("Literal larger than the body literal limit", state.StreamOffset + lineFeedOffset);
        state.PendingLiteralLength = length;
        state.PendingLiteralIsBinary = binary;
        return ImapScanStatus.LiteralAnnounced;
    }

    private static long HeldTotal(ref ImapScanState state) => state.HeldBefore + state.Consumed;

    private static void CheckLineLength(ref ImapScanState state, long lineLength, ImapReaderLimits limits)
    {
        if (lineLength > limits.MaxLineLength)
            ThrowHelper.Limit("Line longer than the line limit", state.StreamOffset + state.Consumed);
        if (HeldTotal(ref state) > limits.MaxFrameLength)
            ThrowHelper.Limit("Frame longer than the frame limit", state.StreamOffset + state.Consumed);
    }
}
