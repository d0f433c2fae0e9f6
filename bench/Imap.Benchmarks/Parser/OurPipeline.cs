using System.Buffers;
using System.IO.Pipelines;
using Imap.Protocol.Framing;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Benchmarks.Parser;

/// <summary>The two ways to consume our read side: typed responses, or scanner + allocation-free FETCH reader.</summary>
internal static class OurPipeline
{
    public static async Task<int> ReadTypedAsync(ReadOnlySequence<byte> data, IFetchBodySinkProvider? sinks = null, ImapReaderLimits? limits = null)
    {
        var source = new ImapResponseSource(PipeReader.Create(data), limits) { BodySinks = sinks };
        var count = 0;
        while (await source.ReadAsync().ConfigureAwait(false) is not null)
            count++;
        return count;
    }

    /// <summary>Frames every response and reads FETCH items into <see cref="FetchSummary"/> values; returns a checksum.</summary>
    public static long ScanAndSummarize(ReadOnlySequence<byte> data, ResponseParseContext context, byte[] scratch)
    {
        var state = new ImapScanState();
        var buffer = data;
        long checksum = 0;
        while (true)
        {
            var status = ImapFrameScanner.Scan(ref state, buffer, context.Limits, context.Quirks);
            if (status == ImapScanStatus.LiteralAnnounced)
            {
                state.AcceptLiteral(context.Limits);
                continue;
            }
            if (status == ImapScanStatus.NeedMoreData)
                return checksum;
            var frame = buffer.Slice(0, state.Consumed);
            ReadOnlySpan<byte> span;
            if (frame.IsSingleSegment)
                span = frame.FirstSpan;
            else
            {
                frame.CopyTo(scratch);
                span = scratch.AsSpan(0, (int)frame.Length);
            }
            var reader = new ImapResponseReader(span, context.Quirks);
            if (FetchSummaryParser.TryParse(ref reader, context, out var summary))
                checksum += summary.Uid!.Value.Value + (long)summary.ModSeq!.Value.Value + summary.Flags!.Value.Count;
            buffer = buffer.Slice(state.Consumed);
            state.NextFrame();
        }
    }

    /// <summary>Frames the input only (literal payloads are counted, not read); returns the number of frames.</summary>
    public static int ScanOnly(ReadOnlySequence<byte> data, ImapReaderLimits limits)
    {
        var state = new ImapScanState();
        var buffer = data;
        var frames = 0;
        while (true)
        {
            var status = ImapFrameScanner.Scan(ref state, buffer, limits, ImapQuirks.Recommended);
            if (status == ImapScanStatus.LiteralAnnounced)
            {
                state.AcceptLiteral(limits);
                continue;
            }
            if (status == ImapScanStatus.NeedMoreData)
                return frames;
            frames++;
            buffer = buffer.Slice(state.Consumed);
            state.NextFrame();
        }
    }
}
