using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>The allocation-free FETCH reader agrees with the typed parser and allocates nothing per message.</summary>
public class FetchSummaryParserTests
{
    [Theory]
    [InlineData(@"* 49 FETCH (UID 117 FLAGS (\Seen \Answered) MODSEQ (90060115194045001))")]
    [InlineData(@"* 50 FETCH (UID 119 FLAGS (\Draft $MDNSent) MODSEQ (90060115194045308))")]
    [InlineData(@"* 2 FETCH (UID 2 MODSEQ (4))")]
    [InlineData(@"* 1 FETCH (UID 1 RFC822.SIZE 23 INTERNALDATE ""26-Nov-2026 16:50:16 +0000"" BODY[] {5}<CRLF>hello FLAGS ())")]
    [InlineData(@"* 12183 FETCH (UID 2282556735 PREVIEW {3}<CRLF>abc FLAGS (\Seen))")]
    public void Agrees_with_the_typed_parser(string notation)
    {
        var frame = Wire.Line(notation);
        var typed = Assert.IsType<FetchResponse>(Responses.ParseFrame(frame));
        var reader = new ImapResponseReader(frame, ImapQuirks.Recommended);
        Assert.True(FetchSummaryParser.TryParse(ref reader, new ResponseParseContext(), out var summary));
        Assert.Equal(
            new FetchSummary(typed.SequenceNumber, typed.Uid, typed.Flags, typed.ModSeq, typed.Rfc822Size, typed.InternalDate),
            summary);
    }

    [Fact]
    public void Other_responses_are_not_fetches()
    {
        var reader = new ImapResponseReader("* 3 EXISTS\r\n"u8, ImapQuirks.None);
        Assert.False(FetchSummaryParser.TryParse(ref reader, new ResponseParseContext(), out _));
        reader = new ImapResponseReader("a1 OK done\r\n"u8, ImapQuirks.None);
        Assert.False(FetchSummaryParser.TryParse(ref reader, new ResponseParseContext(), out _));
    }

    [Fact]
    public void Steady_state_allocates_nothing()
    {
        var frames = Enumerable.Range(1, 2000)
            .Select(i => Encoding.ASCII.GetBytes($"* {i} FETCH (UID {i} FLAGS (\\Seen{(i % 3 == 0 ? " $Label1 NonJunk" : "")}) MODSEQ ({i * 7L}))\r\n"))
            .ToArray();
        var context = new ResponseParseContext();
        ulong sum = 0;
        foreach (var frame in frames.Take(10))
            sum += Parse(frame, context);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var frame in frames)
            sum += Parse(frame, context);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    private static ulong Parse(byte[] frame, ResponseParseContext context)
    {
        var reader = new ImapResponseReader(frame, ImapQuirks.Recommended);
        FetchSummaryParser.TryParse(ref reader, context, out var summary);
        return summary.ModSeq!.Value.Value + (uint)summary.Flags!.Value.Count;
    }
}
