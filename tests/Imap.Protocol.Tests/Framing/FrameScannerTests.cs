using System.Buffers;
using System.Text;
using Imap.Protocol.Framing;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Framing;

/// <summary>Stage one: literal counting, limits, line endings (vectors F).</summary>
public class FrameScannerTests
{
    private static readonly ImapReaderLimits Limits = ImapReaderLimits.Default;

    private static ImapScanStatus Scan(ref ImapScanState state, byte[] bytes, ImapQuirks quirks = ImapQuirks.None) =>
        ImapFrameScanner.Scan(ref state, new ReadOnlySequence<byte>(bytes), Limits, quirks);

    [Theory]
    [InlineData("* 1 FETCH (BODY[] {5}\r\n", 5, false)]
    [InlineData("* 1 FETCH (BODY[] {5+}\r\n", 5, false)]
    [InlineData("* 1 FETCH (BINARY[] ~{5}\r\n", 5, true)]
    [InlineData("* OK x {42+}\r\n", 42, false)]
    [InlineData("* OK {1}\r\n", 1, false)]
    [InlineData("* 1 FETCH (BODY[] {007}\r\n", 7, false)]
    public void Literal_announcements(string line, long length, bool binary)
    {
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.LiteralAnnounced, Scan(ref state, Encoding.ASCII.GetBytes(line)));
        Assert.Equal(length, state.PendingLiteralLength);
        Assert.Equal(binary, state.PendingLiteralIsBinary);
        Assert.Equal(line.Length, state.Consumed);
    }

    [Theory]
    [InlineData("* OK x {42}+\r\n")]
    [InlineData("* OK x {+42}\r\n")]
    [InlineData("* OK x {-42}\r\n")]
    [InlineData("* OK x {42-}\r\n")]
    [InlineData("* OK x {}\r\n")]
    [InlineData("* OK }\r\n")]
    public void Not_literal_announcements(string line)
    {
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.FrameComplete, Scan(ref state, Encoding.ASCII.GetBytes(line)));
        Assert.Equal(line.Length, state.Consumed);
    }

    [Fact]
    public void Payload_is_never_read_as_lines()
    {
        var bytes = Wire.Bytes("* OK x {42+}<CRLF>").Concat(Wire.Payload(42)).Concat(Wire.Bytes(" tail<CRLF>* 2 EXISTS<CRLF>")).ToArray();
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.LiteralAnnounced, Scan(ref state, bytes));
        state.AcceptLiteral(Limits);
        Assert.Equal(ImapScanStatus.FrameComplete, Scan(ref state, bytes));
        Assert.Equal(bytes.Length - "* 2 EXISTS\r\n".Length, state.Consumed);
    }

    [Fact]
    public void Cr_without_lf_is_incomplete()
    {
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.NeedMoreData, Scan(ref state, "* SEARCH 1\r"u8.ToArray()));
    }

    [Fact]
    public void Bare_lf_quirk_on_and_off()
    {
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.FrameComplete, Scan(ref state, "* SEARCH 1\n"u8.ToArray(), ImapQuirks.BareLineFeed));
        state = new ImapScanState();
        Assert.Throws<ImapProtocolException>(() => Scan(ref state, "* SEARCH 1\n"u8.ToArray()));
        state = new ImapScanState();
        Assert.Equal(ImapScanStatus.LiteralAnnounced, Scan(ref state, "* 1 FETCH (BODY[] {3}\n"u8.ToArray(), ImapQuirks.BareLineFeed));
    }

    [Theory]
    [InlineData("* 1 FETCH (BODY[] {4294967295}\r\n")]
    [InlineData("* 1 FETCH (BODY[] {4294967296}\r\n")]
    [InlineData("* 1 FETCH (BODY[] {99999999999999999999999}\r\n")]
    public void Huge_announcements_hit_the_body_limit(string line)
    {
        var state = new ImapScanState();
        var error = Assert.Throws<ImapProtocolException>(() => Scan(ref state, Encoding.ASCII.GetBytes(line)));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_limit_applies_before_the_line_ends()
    {
        var limits = Limits with { MaxLineLength = 100 };
        var state = new ImapScanState();
        var bytes = Encoding.ASCII.GetBytes("* OK " + new string('x', 200));
        Assert.Throws<ImapProtocolException>(() => ImapFrameScanner.Scan(ref state, new ReadOnlySequence<byte>(bytes), limits, ImapQuirks.None));
    }

    [Fact]
    public void Frame_limit_applies_to_accepted_literals()
    {
        var limits = Limits with { MaxFrameLength = 1000 };
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.LiteralAnnounced,
            ImapFrameScanner.Scan(ref state, new ReadOnlySequence<byte>("* 1 FETCH (BODY[] {5000}\r\n"u8.ToArray()), limits, ImapQuirks.None));
        var caught = false;
        try
        {
            state.AcceptLiteral(limits);
        }
        catch (ImapProtocolException)
        {
            caught = true;
        }
        Assert.True(caught);
    }

    [Fact]
    public void Two_frames_in_one_chunk()
    {
        var bytes = Wire.Bytes("* 1 FETCH (BODY[] {3}<CRLF>abc)<CRLF>* 2 EXISTS<CRLF>");
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.LiteralAnnounced, Scan(ref state, bytes));
        state.AcceptLiteral(Limits);
        Assert.Equal(ImapScanStatus.FrameComplete, Scan(ref state, bytes));
        Assert.Equal(29, state.Consumed);
        state.NextFrame();
        Assert.Equal(ImapScanStatus.FrameComplete, Scan(ref state, bytes[29..]));
        Assert.Equal(12, state.Consumed);
    }

    [Fact]
    public void Resumes_without_rescanning()
    {
        // A 1 MiB literal arriving in 1 KiB pieces: each call only looks at the new bytes.
        var header = "* 1 FETCH (BODY[] {1048576}\r\n"u8.ToArray();
        var all = header.Concat(new byte[1 << 20]).Concat(")\r\n"u8.ToArray()).ToArray();
        var state = new ImapScanState();
        Assert.Equal(ImapScanStatus.LiteralAnnounced, Scan(ref state, header));
        state.AcceptLiteral(Limits);
        var calls = 0;
        for (var end = header.Length + 1024; ; end = Math.Min(end + 1024, all.Length))
        {
            calls++;
            var status = ImapFrameScanner.Scan(ref state, new ReadOnlySequence<byte>(all, 0, end), Limits, ImapQuirks.None);
            if (status == ImapScanStatus.FrameComplete)
                break;
            Assert.Equal(ImapScanStatus.NeedMoreData, status);
            Assert.Equal(end, state.Consumed);
        }
        Assert.Equal(all.Length, state.Consumed);
        Assert.InRange(calls, 1024, 1026);
    }
}
