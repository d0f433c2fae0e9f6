using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Multi-response sequences (vectors G): every response arrives, typed, in order.</summary>
public class SequenceTests
{
    [Fact]
    public async Task Dovecot_qresync_select()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(
            @"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)<CRLF>* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted.<CRLF>* 1 EXISTS<CRLF>* 0 RECENT<CRLF>* OK [UIDVALIDITY 1795711636] UIDs valid<CRLF>* OK [UIDNEXT 3] Predicted next UID<CRLF>* OK [HIGHESTMODSEQ 5] Highest<CRLF>* VANISHED (EARLIER) 2<CRLF>* 1 FETCH (UID 1 FLAGS (\Seen) MODSEQ (2))<CRLF>u3 OK [READ-WRITE] Select completed (0.001 + 0.000 secs)."));
        Assert.Equal(
            ["FlagsResponse", "StatusResponse", "ExistsResponse", "RecentResponse", "StatusResponse", "StatusResponse", "StatusResponse", "VanishedResponse", "FetchResponse", "StatusResponse"],
            responses.Select(r => r.GetType().Name));
        Assert.Equal(["$Label1"], Assert.IsType<FlagsResponse>(responses[0]).Flags.Keywords);
        Assert.Equal(new UidValidity(1795711636), Assert.IsType<StatusResponse>(responses[4]).Code!.UidValidity);
        Assert.Equal(new Uid(3), Assert.IsType<StatusResponse>(responses[5]).Code!.UidNext);
        Assert.Equal(new ModSeq(5), Assert.IsType<StatusResponse>(responses[6]).Code!.HighestModSeq);
        Assert.True(Assert.IsType<VanishedResponse>(responses[7]).Earlier);
        var done = Assert.IsType<StatusResponse>(responses[9]);
        Assert.Equal(("u3", ResponseCodeKind.ReadWrite), (done.Tag, done.Code!.Kind));
    }

    [Fact]
    public async Task Uidvalidity_mismatch_select()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(
            @"* 464 EXISTS<CRLF>* 3 RECENT<CRLF>* OK [UIDVALIDITY 3857529045] UIDVALIDITY<CRLF>* OK [UIDNEXT 550] Predicted next UID<CRLF>* OK [HIGHESTMODSEQ 90060128194045007] Highest mailbox<CRLF>* OK [UNSEEN 12] Message 12 is first unseen<CRLF>* FLAGS (\Answered \Flagged \Draft \Deleted \Seen)<CRLF>* OK [PERMANENTFLAGS (\Answered \Flagged \Draft)]<CRLF>A02 OK [READ-WRITE] Sorry, UIDVALIDITY mismatch"));
        Assert.Equal(9, responses.Count);
        Assert.DoesNotContain(responses, r => r is VanishedResponse or FetchResponse);
        Assert.Equal(12u, Assert.IsType<StatusResponse>(responses[5]).Code!.Unseen);
        Assert.False(Assert.IsType<StatusResponse>(responses[7]).Code!.AllowsNewKeywords);
    }

    [Fact]
    public async Task Closed_then_failed_select()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* OK [CLOSED] Previous mailbox closed.<CRLF>u8 NO Mailbox doesn't exist: nosuch (0.001 + 0.000 secs)."));
        Assert.Equal(ResponseCodeKind.Closed, Assert.IsType<StatusResponse>(responses[0]).Code!.Kind);
        Assert.Equal(ImapStatus.No, Assert.IsType<StatusResponse>(responses[1]).Status);
    }

    [Fact]
    public async Task Idle_vanished_without_earlier_then_exists()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* VANISHED 924<CRLF>* OK [HIGHESTMODSEQ 1826] Highest<CRLF>* 355 EXISTS"));
        Assert.False(Assert.IsType<VanishedResponse>(responses[0]).Earlier);
        Assert.Equal(355u, Assert.IsType<ExistsResponse>(responses[2]).Count);
    }

    [Fact]
    public async Task Repeated_bye_then_end_of_stream()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* BYE Server shutting down<CRLF>* BYE again"));
        Assert.All(responses, r => Assert.Equal(ImapStatus.Bye, Assert.IsType<StatusResponse>(r).Status));
        Assert.Equal(2, responses.Count);
    }
}
