using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Vectors;

/// <summary>Expected values for the catalog vectors not already covered by the per-area test classes.</summary>
public class RemainingVectorAnswerTests
{
    [Fact]
    public async Task Plain_greeting_has_no_code()
    {
        var greeting = await Responses.OneAsync<StatusResponse>("* OK IMAP4rev1 Service Ready", ImapQuirks.None);
        Assert.Equal((null, ImapStatus.Ok, null, "IMAP4rev1 Service Ready"), (greeting.Tag, greeting.Status, greeting.Code, greeting.Text));
    }

    [Fact]
    public async Task Preauth_greeting_with_full_capability_list()
    {
        var vector = VectorCatalog.A.Single(v => v.Notation.StartsWith("* PREAUTH [CAPABILITY", StringComparison.Ordinal));
        var greeting = Assert.IsType<StatusResponse>(Assert.Single(await Responses.ReadAllAsync(vector.Bytes, ImapQuirks.None)));
        Assert.Equal((ImapStatus.PreAuth, "Logged in as alice"), (greeting.Status, greeting.Text));
        var capabilities = greeting.Code!.Capabilities!;
        Assert.Equal(38, capabilities.Names.Count);
        Assert.True(capabilities.QResync && capabilities.Compress && capabilities.ListStatus && capabilities.Notify);
    }

    [Fact]
    public async Task Untagged_capability_then_codeless_tagged_ok()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(
            "* CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS ENABLE IDLE NAMESPACE LIST-EXTENDED LIST-STATUS MULTIAPPEND UNSELECT<CRLF>a2 OK Logged in"), ImapQuirks.None);
        var capabilities = Assert.IsType<CapabilityResponse>(responses[0]).Capabilities;
        Assert.Equal(10, capabilities.Names.Count);
        Assert.True(capabilities.UidPlus && capabilities.MultiAppend && !capabilities.QResync);
        var ok = Assert.IsType<StatusResponse>(responses[1]);
        Assert.Equal(("a2", (ResponseCode?)null, "Logged in"), (ok.Tag, ok.Code, ok.Text));
    }

    [Fact]
    public async Task Move_copyuid_before_expunge()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* OK [COPYUID 432432 42:69 1202:1229]<CRLF>* 22 EXPUNGE"), ImapQuirks.None);
        var code = Assert.IsType<StatusResponse>(responses[0]).Code!;
        Assert.Equal(28, code.CopiedUids!.Count);
        Assert.Equal(new KeyValuePair<Uid, Uid>(new Uid(69), new Uid(1229)), code.CopiedUids[^1]);
        Assert.Equal(22u, Assert.IsType<ExpungeResponse>(responses[1]).SequenceNumber);
    }

    [Fact]
    public async Task Enabled_in_any_order()
    {
        var enabled = await Responses.OneAsync<EnabledResponse>("* ENABLED QRESYNC CONDSTORE", ImapQuirks.None);
        Assert.True(enabled.Has("condstore") && enabled.Has("QRESYNC"));
    }

    [Fact]
    public async Task Uid_expunge_with_qresync()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* VANISHED 2<CRLF>* 1 RECENT<CRLF>t11 OK [HIGHESTMODSEQ 5] Expunge completed (0.001 + 0.000 secs)."), ImapQuirks.None);
        Assert.Equal(("2", false), (Assert.IsType<VanishedResponse>(responses[0]).Uids.ToString(), ((VanishedResponse)responses[0]).Earlier));
        Assert.Equal(1u, Assert.IsType<RecentResponse>(responses[1]).Count);
        Assert.Equal(new ModSeq(5), Assert.IsType<StatusResponse>(responses[2]).Code!.HighestModSeq);
    }

    [Fact]
    public async Task Changedsince_result()
    {
        var fetch = await Responses.OneAsync<FetchResponse>(@"* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\Seen))", ImapQuirks.None);
        Assert.Equal((new Uid(4), new ModSeq(65402), SystemFlags.Seen), (fetch.Uid!.Value, fetch.ModSeq!.Value, fetch.Flags!.Value.System));
    }

    [Fact]
    public async Task Status_without_modseq()
    {
        var status = await Responses.OneAsync<MailboxStatusResponse>("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)", ImapQuirks.None);
        Assert.Equal(("blurdybloop", 231u, new Uid(44292)), (status.Mailbox.Name, status.Messages!.Value, status.UidNext!.Value));
        Assert.Null(status.HighestModSeq);
    }

    [Fact]
    public async Task Special_use_attributes()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(@"* LIST (\Sent \HasNoChildren) ""/"" ""Sent Mail""<CRLF>* LIST (\Drafts \Subscribed) ""."" Drafts"), ImapQuirks.None);
        Assert.True(Assert.IsType<ListResponse>(responses[0]).HasAttribute(@"\Sent"));
        var drafts = Assert.IsType<ListResponse>(responses[1]);
        Assert.Equal(("Drafts", (char?)'.'), (drafts.Mailbox.Name, drafts.Delimiter));
        Assert.True(drafts.HasAttribute(@"\Drafts") && drafts.HasAttribute(@"\subscribed"));
    }

    [Fact]
    public async Task List_status_by_name_rfc5819()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(
            @"* LIST () ""."" ""INBOX""<CRLF>* STATUS ""INBOX"" (MESSAGES 17 UNSEEN 16)<CRLF>* LIST (\Noselect) ""."" ""bar"""), ImapQuirks.None);
        Assert.Equal(2, responses.OfType<ListResponse>().Count());
        var status = Assert.Single(responses.OfType<MailboxStatusResponse>());
        Assert.Equal((true, 17u, 16u), (status.Mailbox.IsInbox, status.Messages!.Value, status.Unseen!.Value));
    }

    [Fact]
    public async Task Cyrus_alternate_namespace()
    {
        var ns = await Responses.OneAsync<NamespaceResponse>("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))", ImapQuirks.None);
        Assert.Equal(("", "Other Users/", "Shared Folders/"), (ns.Personal[0].Prefix, ns.OtherUsers[0].Prefix, ns.Shared[0].Prefix));
        Assert.All([.. ns.Personal, .. ns.OtherUsers, .. ns.Shared], d => Assert.Equal('/', d.Delimiter));
    }

    [Fact]
    public async Task Brace_forms_that_are_not_literals_are_text()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* OK x {42}+<CRLF>* OK x {+42}<CRLF>* OK x {-42}<CRLF>* OK x {42-}"), ImapQuirks.None);
        Assert.Equal(["x {42}+", "x {+42}", "x {-42}", "x {42-}"], responses.Cast<StatusResponse>().Select(r => r.Text));
    }

    [Fact]
    public async Task Server_non_synchronizing_literal_is_read_as_a_literal()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* LIST () \"/\" {3+}<CRLF>a b<CRLF>* 2 EXISTS"), ImapQuirks.None);
        Assert.Equal("a b", Assert.IsType<ListResponse>(responses[0]).Mailbox.Name);
        Assert.IsType<ExistsResponse>(responses[1]);
    }

    [Fact]
    public async Task Bare_line_feeds_with_the_quirk()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* SEARCH 1<LF>* 1 FETCH (BODY[] {3}<LF>abc)<LF>* OK end"), ImapQuirks.BareLineFeed);
        Assert.Equal([1u], Assert.IsType<SearchResponse>(responses[0]).Numbers);
        Assert.Equal("abc"u8.ToArray(), Assert.IsType<FetchResponse>(responses[1]).GetBody()!.Data!.Value.ToArray());
        Assert.Equal("end", Assert.IsType<StatusResponse>(responses[2]).Text);
    }

    [Fact]
    public async Task Two_frames_from_one_chunk()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* 1 FETCH (BODY[] {3}<CRLF>abc)<CRLF>* 2 EXISTS"), ImapQuirks.None);
        Assert.Equal("abc"u8.ToArray(), Assert.IsType<FetchResponse>(responses[0]).GetBody()!.Data!.Value.ToArray());
        Assert.Equal(2u, Assert.IsType<ExistsResponse>(responses[1]).Count);
    }
}
