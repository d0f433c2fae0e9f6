using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Known answers for LIST, LSUB, STATUS, FLAGS, NAMESPACE, ID, ENABLED, CAPABILITY, EXISTS… (vectors C, D, G).</summary>
public class MailboxDataTests
{
    [Theory]
    [InlineData(@"* LIST (\Noselect) ""/"" """"", '/', "")]
    [InlineData(@"* LIST (\Noselect) ""."" #news.", '.', "#news.")]
    [InlineData(@"* LIST (\Noselect) ""/"" ~/Mail/foo", '/', "~/Mail/foo")]
    [InlineData(@"* LIST () ""/"" box", '/', "box")]
    [InlineData(@"* LIST () ""."" inbox", '.', "INBOX")]
    [InlineData(@"* LIST () ""/"" ""&U,BTFw-&ZeVnLIqe-""", '/', "台北日本語")]
    [InlineData(@"* LIST (\HasNoChildren) ""."" ""Tom &- Jerry""", '.', "Tom & Jerry")]
    [InlineData(@"* LIST (\HasNoChildren) ""|"" ""&BBAEMQQyACYEMwQ0BDU-""", '|', "Абв&где")]
    [InlineData(@"* LIST (\Sent \HasNoChildren) ""/"" ""Sent Mail""", '/', "Sent Mail")]
    public async Task List_names_and_delimiters(string line, char delimiter, string name)
    {
        var list = await Responses.OneAsync<ListResponse>(line, ImapQuirks.None);
        Assert.Equal(delimiter, list.Delimiter);
        Assert.Equal(name, list.Mailbox.Name);
        Assert.False(list.IsLsub);
    }

    [Fact]
    public async Task Non_canonical_name_keeps_wire_form()
    {
        var list = await Responses.OneAsync<ListResponse>(@"* LIST (\HasNoChildren) ""|"" ""&BBAEMQQyACYEMwQ0BDU-""");
        Assert.Equal("&BBAEMQQyACYEMwQ0BDU-", list.Mailbox.Wire);
        Assert.NotEqual(list.Mailbox.Wire, ModifiedUtf7.Encode(list.Mailbox.Name));
    }

    [Fact]
    public async Task Nil_delimiter_and_literal_name()
    {
        var flat = await Responses.OneAsync<ListResponse>("* LIST () NIL INBOX");
        Assert.Null(flat.Delimiter);
        Assert.True(flat.Mailbox.IsInbox);
        var literal = await Responses.OneAsync<ListResponse>(@"* LIST (\Noselect \Noinferiors) NIL {6}<CRLF>foobar");
        Assert.Equal("foobar", literal.Mailbox.Name);
        Assert.True(literal.IsNoSelect);
        Assert.Equal([@"\Noselect", @"\Noinferiors"], literal.Attributes);
    }

    [Fact]
    public async Task Lsub_attribute_case_and_utf7_path()
    {
        var lsub = await Responses.OneAsync<ListResponse>(@"* LSUB (\noselect \marked) ""/"" ~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        Assert.True(lsub.IsLsub);
        Assert.True(lsub.HasAttribute(@"\Noselect"));
        Assert.Equal("~peter/mail/台北/日本語", lsub.Mailbox.Name);
        Assert.True((await Responses.OneAsync<ListResponse>(@"* LSUB (\NoSelect) ""."" #news.comp.mail")).IsNoSelect);
    }

    [Fact]
    public async Task List_extended_childinfo_and_oldname()
    {
        var child = await Responses.OneAsync<ListResponse>(@"* LIST (\Subscribed) ""/"" eps2 (""CHILDINFO"" (""SUBSCRIBED""))");
        Assert.Equal(["SUBSCRIBED"], child.ChildInfo);
        Assert.True(child.HasAttribute(@"\Subscribed"));
        var nonexistent = await Responses.OneAsync<ListResponse>(@"* LIST (\NonExistent \Subscribed) ""/"" ""a b"" (""CHILDINFO"" (""SUBSCRIBED""))");
        Assert.True(nonexistent.IsNoSelect);
        Assert.Equal("a b", nonexistent.Mailbox.Name);
        var renamed = await Responses.OneAsync<ListResponse>(@"* LIST () ""/"" ""NewMailbox"" (""OLDNAME"" (""OldMailbox""))");
        Assert.Equal("OldMailbox", renamed.OldName!.Name);
        Assert.Equal("NewMailbox", renamed.Mailbox.Name);
    }

    [Fact]
    public async Task Tab_in_atom_quirk_on_and_off()
    {
        var list = await Responses.OneAsync<ListResponse>(@"* LIST (\HasNoChildren) ""/"" INBOX/Da<TAB>Oggetto<TAB>Ricevuto<TAB>", ImapQuirks.ControlCharactersInAtoms);
        Assert.Equal("INBOX/Da\tOggetto\tRicevuto\t", list.Mailbox.Name);
        await Assert.ThrowsAsync<ImapProtocolException>(() =>
            Responses.OneAsync<ListResponse>(@"* LIST (\HasNoChildren) ""/"" INBOX/Da<TAB>Oggetto<TAB>Ricevuto<TAB>", ImapQuirks.None));
    }

    [Fact]
    public async Task Utf8_mode_names_are_not_utf7_decoded()
    {
        var input = new ChunkedPipeReader([Wire.Line("* LIST () \"/\" \"Caf&AOk-\"<CRLF>* LIST () \"/\" \"Café\"")]);
        var source = new global::Imap.Protocol.Parsing.ImapResponseSource(input);
        Assert.Equal("Café", Assert.IsType<ListResponse>(await source.ReadAsync()).Mailbox.Name);
        source.Utf8MailboxNames = true;
        var utf8 = Assert.IsType<ListResponse>(await source.ReadAsync());
        Assert.Equal(("Café", "Café"), (utf8.Mailbox.Name, utf8.Mailbox.Wire));
    }

    [Fact]
    public async Task Status_items_in_server_order()
    {
        var status = await Responses.OneAsync<MailboxStatusResponse>("* STATUS box (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1795711636 HIGHESTMODSEQ 3)");
        Assert.Equal("box", status.Mailbox.Name);
        Assert.Equal((2u, new Uid(3), new UidValidity(1795711636), new ModSeq(3)), (status.Messages!.Value, status.UidNext!.Value, status.UidValidity!.Value, status.HighestModSeq!.Value));
        Assert.Null(status.Unseen);
        var big = await Responses.OneAsync<MailboxStatusResponse>("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)");
        Assert.Equal(7011231777ul, big.HighestModSeq!.Value.Value);
        var size = await Responses.OneAsync<MailboxStatusResponse>("* STATUS INBOX (MESSAGES 3 SIZE 1338 MAILBOXID (F123) DELETED 0)");
        Assert.Equal((1338ul, "F123"), (size.Size!.Value, size.MailboxId));
        var empty = await Responses.OneAsync<MailboxStatusResponse>("* STATUS \"a b\" ()");
        Assert.Equal("a b", empty.Mailbox.Name);
        Assert.Null(empty.Messages);
    }

    [Fact]
    public async Task Trailing_space_quirk_on_and_off()
    {
        Assert.Equal(100u, (await Responses.OneAsync<MailboxStatusResponse>("* STATUS INBOX (MESSAGES 100 UNSEEN 0)<SP>", ImapQuirks.TrailingSpace)).Messages);
        Assert.True((await Responses.OneAsync<CapabilityResponse>("* CAPABILITY IMAP4REV1<SP>", ImapQuirks.TrailingSpace)).Capabilities.Imap4Rev1);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<CapabilityResponse>("* CAPABILITY IMAP4REV1<SP>", ImapQuirks.None));
    }

    [Fact]
    public async Task List_status_matches_by_name()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(
            "* LIST () \"/\" box<CRLF>* STATUS box (UIDNEXT 3 UIDVALIDITY 1795711636 HIGHESTMODSEQ 3)<CRLF>* LIST () \"/\" INBOX<CRLF>* STATUS INBOX (UIDNEXT 1 UIDVALIDITY 1795711635 HIGHESTMODSEQ 1)"));
        var statuses = responses.OfType<MailboxStatusResponse>().ToDictionary(s => s.Mailbox);
        Assert.Equal(new UidValidity(1795711635), statuses[new MailboxName("INBOX")].UidValidity);
        Assert.Equal(new UidValidity(1795711636), statuses[new MailboxName("box")].UidValidity);
    }

    [Fact]
    public async Task Flags_with_odd_keywords()
    {
        var flags = await Responses.OneAsync<FlagsResponse>(@"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft + TAG TAG2 a b c)");
        Assert.Equal(SystemFlags.Answered | SystemFlags.Flagged | SystemFlags.Deleted | SystemFlags.Seen | SystemFlags.Draft, flags.Flags.System);
        Assert.Equal(["+", "a", "b", "c", "TAG", "TAG2"], flags.Flags.Keywords);
    }

    [Fact]
    public async Task Namespaces()
    {
        var dovecot = await Responses.OneAsync<NamespaceResponse>("* NAMESPACE ((\"\" \"/\")) NIL NIL");
        Assert.Equal(new NamespaceDescriptor("", '/'), Assert.Single(dovecot.Personal));
        Assert.Empty(dovecot.OtherUsers);
        Assert.Empty(dovecot.Shared);
        var cyrus = await Responses.OneAsync<NamespaceResponse>("* NAMESPACE ((\"INBOX.\" \".\")) ((\"user.\" \".\")) ((\"\" \".\"))");
        Assert.Equal("INBOX.", cyrus.Personal[0].Prefix);
        Assert.Equal("user.", cyrus.OtherUsers[0].Prefix);
        Assert.Equal("", cyrus.Shared[0].Prefix);
        var extended = await Responses.OneAsync<NamespaceResponse>("* NAMESPACE ((\"\" \"/\" \"X-PARAM\" (\"A\" \"B\"))) NIL ((\"Shared/\" NIL))");
        Assert.Null(extended.Shared[0].Delimiter);
    }

    [Fact]
    public async Task Id_fields()
    {
        var id = await Responses.OneAsync<IdResponse>("* ID (\"name\" \"Dovecot\" \"version\" NIL)");
        Assert.Equal("Dovecot", id["NAME"]);
        Assert.Null(id["version"]);
        Assert.Empty((await Responses.OneAsync<IdResponse>("* ID NIL")).Fields);
    }

    [Theory]
    [InlineData("* ENABLED QRESYNC", new[] { "QRESYNC" })]
    [InlineData("* ENABLED CONDSTORE QRESYNC", new[] { "CONDSTORE", "QRESYNC" })]
    [InlineData("* ENABLED", new string[0])]
    public async Task Enabled(string line, string[] extensions) =>
        Assert.Equal(extensions, (await Responses.OneAsync<EnabledResponse>(line)).Extensions);

    [Fact]
    public async Task Numbered_data()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line("* 464 EXISTS<CRLF>* 3 RECENT<CRLF>* 22 EXPUNGE<CRLF>* 0 RECENT"));
        Assert.Equal(464u, Assert.IsType<ExistsResponse>(responses[0]).Count);
        Assert.Equal(3u, Assert.IsType<RecentResponse>(responses[1]).Count);
        Assert.Equal(22u, Assert.IsType<ExpungeResponse>(responses[2]).SequenceNumber);
        Assert.Equal(0u, Assert.IsType<RecentResponse>(responses[3]).Count);
    }

    [Fact]
    public async Task Vanished_earlier_and_live()
    {
        var earlier = await Responses.OneAsync<VanishedResponse>("* VANISHED (EARLIER) 41,43:116,118,120:211,214:540");
        Assert.True(earlier.Earlier);
        Assert.Equal(1 + 74 + 1 + 92 + 327, earlier.Uids.Count);
        var reversed = await Responses.OneAsync<VanishedResponse>("* VANISHED (EARLIER) 41,43:116,118,120:211,540:214");
        Assert.Equal(earlier.Uids, reversed.Uids);
        var live = await Responses.OneAsync<VanishedResponse>("* VANISHED 405,407,410,425");
        Assert.False(live.Earlier);
        Assert.Equal(4, live.Uids.Count);
    }

    [Fact]
    public async Task Unknown_response_is_kept()
    {
        var unknown = await Responses.OneAsync<UnknownResponse>("* XLIST (\\HasNoChildren) \"/\" Foo");
        Assert.Equal("XLIST", unknown.Keyword);
        Assert.Equal("(\\HasNoChildren) \"/\" Foo", unknown.RawText);
    }
}
