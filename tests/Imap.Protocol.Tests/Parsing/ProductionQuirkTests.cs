using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>
/// Responses recorded from production servers that break the grammar, each tolerated by its named
/// quirk (on by default) and a protocol error in strict mode.
/// </summary>
public class ProductionQuirkTests
{
    private const string ZohoFetch = @"* 40 FETCH (MODSEQ (-1) FLAGS (\Seen $Forwarded) UID 336)";
    private const string DominoFetch =
        "* 2 FETCH (UID 14935 (ENVELOPE (NIL \"Quarterly figures\" NIL NIL NIL NIL NIL NIL NIL NIL)) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1 NIL NIL NIL))";
    private const string YandexFetch = "* 1 FETCH (UID 3016 BODY[2.MIME] {8}<CRLF>a: b<CR><LF><CR><LF> BODY[2] )";

    [Fact]
    public async Task Empty_delimiter_in_LIST_reads_as_NIL_and_is_refused_strictly()
    {
        var list = await Responses.OneAsync<ListResponse>(@"* LIST (\HasNoChildren) """" ""Folder2""", ImapQuirks.EmptyDelimiter);
        Assert.Null(list.Delimiter);
        Assert.Equal("Folder2", list.Mailbox.Name);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<ListResponse>(@"* LIST (\HasNoChildren) """" ""Folder2""", ImapQuirks.None));
    }

    [Fact]
    public async Task Negative_modseq_reads_as_zero_with_the_flags_kept_and_is_refused_strictly()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(ZohoFetch, ImapQuirks.NegativeModSeq);
        Assert.Equal(new ModSeq(0), fetch.ModSeq);
        Assert.Equal(new Uid(336), fetch.Uid);
        Assert.Equal(["$Forwarded", @"\Seen"], fetch.Flags!.Value.Select(f => f.Name).Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>(ZohoFetch, ImapQuirks.Recommended & ~ImapQuirks.NegativeModSeq));
    }

    [Fact]
    public async Task Fetch_items_in_extra_parentheses_are_unwrapped_and_refused_strictly()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(DominoFetch, ImapQuirks.ParenthesizedFetchItems);
        Assert.Equal(new Uid(14935), fetch.Uid);
        Assert.Equal("Quarterly figures", fetch.Envelope!.Subject);
        Assert.NotNull(fetch.BodyStructure);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>(DominoFetch, ImapQuirks.Recommended & ~ImapQuirks.ParenthesizedFetchItems));
    }

    [Fact]
    public async Task Only_one_level_of_extra_parentheses_is_unwrapped()
    {
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>("* 2 FETCH (UID 7 ((FLAGS (\\Seen))))", ImapQuirks.Recommended));
    }

    [Theory]
    [InlineData(YandexFetch)]
    [InlineData("* 1 FETCH (UID 3016 BODY[2])")]
    public async Task A_section_without_value_reads_as_NIL_and_is_refused_strictly(string notation)
    {
        var fetch = await Responses.OneAsync<FetchResponse>(notation, ImapQuirks.SectionWithoutValue);
        Assert.Equal(new Uid(3016), fetch.Uid);
        Assert.True(fetch.GetBody(section: "2")!.IsNil);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<FetchResponse>(notation, ImapQuirks.Recommended & ~ImapQuirks.SectionWithoutValue));
    }

    [Theory]
    [InlineData("* VANISHED (EARLIER) 0:*")]
    [InlineData("* VANISHED (EARLIER)")]
    [InlineData("* VANISHED EARLIER 3:4")]
    public async Task An_unreadable_vanished_is_an_unknown_vanished_response_and_refused_strictly(string notation)
    {
        var unknown = await Responses.OneAsync<UnknownResponse>(notation, ImapQuirks.MalformedVanished);
        Assert.Equal("VANISHED", unknown.Keyword);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<UnknownResponse>(notation, ImapQuirks.Recommended & ~ImapQuirks.MalformedVanished));
    }

    [Theory]
    [InlineData("* VANISHED (EARLIER) 41,43:116,540:214", true)]
    [InlineData("* VANISHED 405,407", false)]
    public async Task A_readable_vanished_reads_the_same_with_the_quirk_on(string notation, bool earlier)
    {
        var lenient = await Responses.OneAsync<VanishedResponse>(notation, ImapQuirks.MalformedVanished);
        var strict = await Responses.OneAsync<VanishedResponse>(notation, ImapQuirks.None);
        Assert.Equal(strict.Uids, lenient.Uids);
        Assert.Equal(earlier, lenient.Earlier);
    }

    [Fact]
    public async Task A_bare_response_code_line_is_an_untagged_unknown_response_and_the_next_one_follows()
    {
        var input = new ChunkedPipeReader([Wire.Line("[COPYUID 55 31 6]"), Wire.Line("a3 OK [COPYUID 55 31 6] COPY completed")]);
        var responses = await Responses.ReadAllAsync(input, ImapQuirks.BareResponseCodeLine);

        var garbled = Assert.IsType<UnknownResponse>(responses[0]);
        Assert.Null(garbled.Tag);
        Assert.Equal("[COPYUID 55 31 6]", garbled.RawText);
        Assert.Equal("a3", Assert.IsType<StatusResponse>(responses[1]).Tag);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<UnknownResponse>("[COPYUID 55 31 6]", ImapQuirks.Recommended & ~ImapQuirks.BareResponseCodeLine));
    }
}
