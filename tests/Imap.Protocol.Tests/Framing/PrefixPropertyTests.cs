using System.Buffers;
using Imap.Protocol.Framing;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;
using Imap.Protocol.Tests.Vectors;

namespace Imap.Protocol.Tests.Framing;

/// <summary>
/// Every proper prefix of a valid vector is "need more data" (or "literal pending" exactly after an
/// announcement): never an error, never a frame that the whole input does not also have.
/// </summary>
public class PrefixPropertyTests
{
    [Theory]
    [MemberData(nameof(VectorData.AllIndexes), MemberType = typeof(VectorData))]
    public void Prefixes_are_incomplete_never_errors(int index)
    {
        var vector = VectorData.Get(index);
        if (vector.Verdict == Verdict.Reject && vector.Notation.Contains("{42949672", StringComparison.Ordinal))
            return; // announcements above the limit are meant to fail as soon as they are complete
        var bytes = vector.Bytes;
        var full = Events(bytes, out var fullRemainder);
        Assert.Equal(0, fullRemainder);
        for (var length = 0; length < bytes.Length; length++)
        {
            var events = Events(bytes[..length], out var remainder);
            Assert.Equal(full.Where(e => e.Offset <= length), events);
            Assert.Equal(length - (events.LastOrDefault(e => e.Kind == ImapScanStatus.FrameComplete)?.Offset ?? 0), remainder);
        }
    }

    private sealed record Event(ImapScanStatus Kind, long Offset);

    /// <summary>Scans everything, accepting every literal; returns frame ends and announcements with absolute offsets.</summary>
    private static List<Event> Events(byte[] bytes, out long remainder)
    {
        var events = new List<Event>();
        var state = new ImapScanState();
        long frameStart = 0;
        while (true)
        {
            var status = ImapFrameScanner.Scan(ref state, new ReadOnlySequence<byte>(bytes, (int)frameStart, bytes.Length - (int)frameStart),
                ImapReaderLimits.Default, ImapQuirks.Recommended);
            if (status == ImapScanStatus.NeedMoreData)
            {
                remainder = bytes.Length - frameStart;
                return events;
            }
            events.Add(new Event(status, frameStart + state.Consumed));
            if (status == ImapScanStatus.LiteralAnnounced)
                state.AcceptLiteral(ImapReaderLimits.Default);
            else
            {
                frameStart += state.Consumed;
                state.NextFrame();
            }
        }
    }
}
