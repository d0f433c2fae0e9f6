using System.Text;
using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Known answers for FETCH (vectors C and E).</summary>
public class FetchResponseTests
{
    [Fact]
    public async Task Uid_flags_modseq_with_64_bit_modseq()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(@"* 49 FETCH (UID 117 FLAGS (\Seen \Answered) MODSEQ (90060115194045001))");
        Assert.Equal(49u, fetch.SequenceNumber);
        Assert.Equal(new Uid(117), fetch.Uid);
        Assert.Equal(SystemFlags.Seen | SystemFlags.Answered, fetch.Flags!.Value.System);
        Assert.Empty(fetch.Flags.Value.Keywords);
        Assert.Equal(new ModSeq(90060115194045001), fetch.ModSeq);
    }

    [Fact]
    public async Task Keywords_and_recent()
    {
        var mdn = await Responses.OneAsync<FetchResponse>(@"* 50 FETCH (UID 119 FLAGS (\Draft $MDNSent) MODSEQ (90060115194045308))");
        Assert.Equal(SystemFlags.Draft, mdn.Flags!.Value.System);
        Assert.Equal(["$MDNSent"], mdn.Flags.Value.Keywords);
        var recent = await Responses.OneAsync<FetchResponse>(@"* 1 FETCH (UID 1 FLAGS (\Seen \Recent) MODSEQ (2))");
        Assert.Equal(SystemFlags.Seen | SystemFlags.Recent, recent.Flags!.Value.System);
        Assert.Equal(SystemFlags.Seen, recent.Flags.Value.Without(SystemFlags.Recent).System);
        var mixed = await Responses.OneAsync<FetchResponse>(@"* 101 FETCH (MODSEQ (303011130956) FLAGS ($Processed \Deleted \Answered))");
        Assert.Equal(SystemFlags.Deleted | SystemFlags.Answered, mixed.Flags!.Value.System);
        Assert.Equal(["$Processed"], mixed.Flags.Value.Keywords);
        var plain = await Responses.OneAsync<FetchResponse>(@"* 1 FETCH (UID 7 FLAGS (NonJunk $label1 $Forwarded))");
        Assert.Equal(["$Forwarded", "$label1", "NonJunk"], plain.Flags!.Value.Keywords);
    }

    [Fact]
    public async Task Item_order_does_not_matter()
    {
        var cyrus = await Responses.OneAsync<FetchResponse>(@"* 1 FETCH (FLAGS (\Seen) UID 1 MODSEQ (5))");
        Assert.Equal((new Uid(1), new ModSeq(5), SystemFlags.Seen), (cyrus.Uid!.Value, cyrus.ModSeq!.Value, cyrus.Flags!.Value.System));
        var modseqFirst = await Responses.OneAsync<FetchResponse>(@"* 7 FETCH (MODSEQ (320162342) FLAGS (\Seen \Deleted))");
        Assert.Null(modseqFirst.Uid);
        Assert.Equal(SystemFlags.Seen | SystemFlags.Deleted, modseqFirst.Flags!.Value.System);
    }

    [Fact]
    public async Task Missing_flags_are_null_not_empty()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 2 FETCH (UID 2 MODSEQ (4))");
        Assert.Null(fetch.Flags);
        Assert.Equal(new ModSeq(4), fetch.ModSeq);
    }

    [Fact]
    public async Task Upper_case_system_flag_equals_canonical()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(@"* 1 FETCH (MODSEQ (320172342) FLAGS (\SEEN))");
        Assert.Equal(SystemFlags.Seen, fetch.Flags!.Value.System);
        Assert.Equal(@"\Seen", fetch.Flags.Value.ToString());
    }

    [Fact]
    public async Task Body_literal_ending_in_crlf_followed_by_paren()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(
            "* 1 FETCH (UID 1 RFC822.SIZE 23 INTERNALDATE \"26-Nov-2026 16:50:16 +0000\" BODY[] {23}<CRLF>Subject: one<CRLF><CRLF>body1<CRLF>)");
        Assert.Equal(23, fetch.Rfc822Size);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 16, 50, 16, TimeSpan.Zero), fetch.InternalDate);
        var body = fetch.GetBody()!;
        Assert.Equal("Subject: one\r\n\r\nbody1\r\n", Encoding.ASCII.GetString(body.Data!.Value.Span));
        Assert.Equal(("BODY", "", (uint?)null), (body.Item, body.Section, body.Origin));
    }

    [Fact]
    public async Task Literal_payload_with_crlf_and_empty_header()
    {
        Assert.Equal("a\r\nbc", Encoding.ASCII.GetString((await Responses.OneAsync<FetchResponse>("* 1 FETCH (BODY[] {5}<CRLF>a<CRLF>bc)")).GetBody()!.Data!.Value.Span));
        var header = await Responses.OneAsync<FetchResponse>("* 39 FETCH (UID 39 BODY[HEADER.FIELDS (REFERENCES)] {2}<CRLF><CRLF>)");
        var body = header.GetBody("BODY", "HEADER.FIELDS (REFERENCES)")!;
        Assert.Equal("\r\n"u8.ToArray(), body.Data!.Value.ToArray());
    }

    [Fact]
    public async Task Partial_fetch_origin_and_sized_payload()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 1 FETCH (UID 1 BODY[]<128> {64}<CRLF><64 bytes>)");
        var body = Assert.Single(fetch.Bodies);
        Assert.Equal(128u, body.Origin);
        Assert.Equal(Wire.Payload(64), body.Data!.Value.ToArray());
        var header = await Responses.OneAsync<FetchResponse>("* 12 FETCH (BODY[HEADER] {342}<CRLF><342 bytes>)");
        Assert.Equal(342, header.GetBody("BODY", "HEADER")!.Length);
    }

    [Fact]
    public async Task Literal_in_the_middle_and_uid_above_int32()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(@"* 12183 FETCH (UID 2282556735 PREVIEW {3}<CRLF>abc FLAGS (\Seen))");
        Assert.Equal(2282556735u, fetch.Uid!.Value.Value);
        Assert.Equal(SystemFlags.Seen, fetch.Flags!.Value.System);
    }

    [Fact]
    public async Task Binary_literal8_with_nul()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 12 FETCH (BINARY[1.1] ~{32}<CRLF><32 bytes 0x00..0x1F>)");
        var body = fetch.GetBody("BINARY", "1.1")!;
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), body.Data!.Value.ToArray());
        var next = await Responses.OneAsync<FetchResponse>("* 1 FETCH (BINARY[2] ~{4}<CRLF><4 bytes> BINARY.SIZE[2] 4)");
        Assert.Equal(4, next.GetBody("BINARY", "2")!.Length);
        var nul = await Responses.OneAsync<FetchResponse>("* 1 FETCH (BODY[] ~{3}<CRLF>a<NUL>c)");
        Assert.Equal(new byte[] { 0x61, 0, 0x63 }, nul.GetBody()!.Data!.Value.ToArray());
    }

    [Fact]
    public async Task Nil_empty_string_and_empty_literal_differ()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* 1 FETCH (BODY[] NIL)<CRLF>* 1 FETCH (BODY[] \"\")<CRLF>* 1 FETCH (BODY[] {0}<CRLF>)"));
        var bodies = responses.Cast<FetchResponse>().Select(f => f.GetBody()!).ToList();
        Assert.True(bodies[0].IsNil);
        Assert.False(bodies[1].IsNil);
        Assert.Equal(0, bodies[1].Data!.Value.Length);
        Assert.False(bodies[2].IsNil);
        Assert.Equal(0, bodies[2].Data!.Value.Length);
    }

    [Fact]
    public async Task Rfc822_item_is_a_body()
    {
        var body = (await Responses.OneAsync<FetchResponse>("* 1 FETCH (RFC822 {5}<CRLF>hello)")).GetBody("RFC822")!;
        Assert.Equal("hello", Encoding.ASCII.GetString(body.Data!.Value.Span));
    }

    [Fact]
    public async Task Unknown_items_are_skipped()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 1 FETCH (UID 1 X-GM-LABELS (atom-label \\Important \"quoted label\" NIL) X-FOO {3}<CRLF>a)b MODSEQ (9))");
        Assert.Equal(new Uid(1), fetch.Uid);
        Assert.Equal(new ModSeq(9), fetch.ModSeq);
    }

    [Fact]
    public async Task Emailid_and_threadid()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 1 FETCH (UID 3 EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))");
        Assert.Equal(("M6d99ac3275bb4e", "T64b478a75b7ea9"), (fetch.EmailId, fetch.ThreadId));
        Assert.Null((await Responses.OneAsync<FetchResponse>("* 1 FETCH (THREADID NIL)")).ThreadId);
    }

    [Fact]
    public async Task Gmail_message_id_is_a_64_bit_number()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 1 FETCH (X-GM-MSGID 1278455344230334865 UID 4 RFC822.SIZE 12)");
        Assert.Equal((1278455344230334865UL, new Uid(4), 12L), (fetch.GmailMessageId, fetch.Uid, fetch.Rfc822Size));
        Assert.Null((await Responses.OneAsync<FetchResponse>("* 1 FETCH (UID 4)")).GmailMessageId);
    }

    [Fact]
    public async Task Zero_sequence_number_quirk_on_and_off()
    {
        Assert.Equal(0u, (await Responses.OneAsync<FetchResponse>(@"* 0 FETCH (FLAGS (\Seen))", ImapQuirks.ZeroSequenceNumber)).SequenceNumber);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>(@"* 0 FETCH (FLAGS (\Seen))", ImapQuirks.None));
    }

    [Fact]
    public async Task Space_before_paren_quirk_on_and_off()
    {
        Assert.Equal(new Uid(19436), (await Responses.OneAsync<FetchResponse>("* 11487 FETCH (UID 19436<SP>)", ImapQuirks.TrailingSpace)).Uid);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>("* 11487 FETCH (UID 19436<SP>)", ImapQuirks.None));
    }

    [Fact]
    public async Task Nul_in_plain_literal_is_rejected()
    {
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>("* 1 FETCH (BODY[] {3}<CRLF>1<NUL>3)", ImapQuirks.Recommended));
    }

    [Fact]
    public async Task Internaldate_with_negative_zone_and_space_padded_day()
    {
        var fetch = await Responses.OneAsync<FetchResponse>("* 1 FETCH (INTERNALDATE \" 7-Jul-1996 02:44:25 -0700\")");
        Assert.Equal(new DateTimeOffset(1996, 7, 7, 2, 44, 25, TimeSpan.FromHours(-7)), fetch.InternalDate);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>("* 1 FETCH (INTERNALDATE \"31-Feb-1996 02:44:25 -0700\")"));
    }

    [Fact]
    public async Task Keyword_arrays_are_shared_across_messages()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(@"* 1 FETCH (FLAGS ($a $b))<CRLF>* 2 FETCH (FLAGS ($B $A))"));
        var first = Assert.IsType<FetchResponse>(responses[0]).Flags!.Value;
        var second = Assert.IsType<FetchResponse>(responses[1]).Flags!.Value;
        Assert.Same(first.Keywords, second.Keywords);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Repeated_and_evicted_flag_lists_parse_the_same()
    {
        var lists = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? $"\\Seen $k{i}" : $"$k{i} \\Flagged").ToArray();
        var lines = Enumerable.Range(0, 100).Select(n => $"* {n + 1} FETCH (FLAGS ({lists[(n * 7) % lists.Length]}))");
        var responses = await Responses.ReadAllAsync(Wire.Line(string.Join("<CRLF>", lines)));
        for (var n = 0; n < 100; n++)
        {
            var expected = lists[(n * 7) % lists.Length];
            Assert.Equal(FlagSet.FromNames(expected.Split(' ')), Assert.IsType<FetchResponse>(responses[n]).Flags);
        }
    }
}
