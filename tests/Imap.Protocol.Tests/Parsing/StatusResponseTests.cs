using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Known answers for greetings, status responses, continuations and response codes (vectors A, B).</summary>
public class StatusResponseTests
{
    [Fact]
    public async Task Dovecot_greeting_carries_capabilities()
    {
        var greeting = await Responses.OneAsync<StatusResponse>(
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.");
        Assert.Null(greeting.Tag);
        Assert.Equal(ImapStatus.Ok, greeting.Status);
        Assert.Equal(ResponseCodeKind.Capability, greeting.Code!.Kind);
        var capabilities = greeting.Code.Capabilities!;
        Assert.True(capabilities.Imap4Rev1 && capabilities.SaslIR && capabilities.Id && capabilities.Enable && capabilities.Idle);
        Assert.True(capabilities.LiteralPlus && capabilities.StartTls);
        Assert.False(capabilities.QResync);
        Assert.Equal(["LOGIN", "PLAIN"], capabilities.AuthMechanisms);
        Assert.Equal("Dovecot (Debian) ready.", greeting.Text);
    }

    [Fact]
    public async Task Tagged_login_ok_replaces_capabilities()
    {
        var ok = await Responses.OneAsync<StatusResponse>(
            "a2 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY COMPRESS=DEFLATE] Logged in");
        Assert.Equal("a2", ok.Tag);
        Assert.True(ok.IsTagged);
        var c = ok.Code!.Capabilities!;
        Assert.True(c.QResync && c.CondStore && c.ListExtended && c.ListStatus && c.UidPlus && c.MultiAppend && c.Move);
        Assert.True(c.Compress && c.Notify && c.Esearch && c.Binary && c.Namespace && c.StatusSize);
        Assert.True(c.Has("sort=display"));
        Assert.Empty(c.AuthMechanisms);
    }

    [Theory]
    [InlineData("* PREAUTH IMAP4rev1 server logged in as Smith", ImapStatus.PreAuth, "IMAP4rev1 server logged in as Smith")]
    [InlineData("* BYE Autologout; idle for too long", ImapStatus.Bye, "Autologout; idle for too long")]
    [InlineData("* NO Disk is 98% full, please delete unnecessary data", ImapStatus.No, "Disk is 98% full, please delete unnecessary data")]
    [InlineData("A684 NO Name \"foo\" has inferior hierarchical names", ImapStatus.No, "Name \"foo\" has inferior hierarchical names")]
    [InlineData("A044 BAD No such command as \"BLURDYBLOOP\"", ImapStatus.Bad, "No such command as \"BLURDYBLOOP\"")]
    [InlineData("u8 NO Mailbox doesn't exist: nosuch (0.001 + 0.000 secs).", ImapStatus.No, "Mailbox doesn't exist: nosuch (0.001 + 0.000 secs).")]
    public async Task Status_without_code(string line, ImapStatus status, string text)
    {
        var response = await Responses.OneAsync<StatusResponse>(line);
        Assert.Equal(status, response.Status);
        Assert.Null(response.Code);
        Assert.Equal(text, response.Text);
    }

    [Theory]
    [InlineData("* OK [ALERT] System shutdown in 10 minutes", ResponseCodeKind.Alert, "System shutdown in 10 minutes")]
    [InlineData("* OK [CLOSED]", ResponseCodeKind.Closed, "")]
    [InlineData("* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences", ResponseCodeKind.NoModSeq, "Sorry, this mailbox format doesn't support modsequences")]
    [InlineData("A02 OK [READ-WRITE] Sorry, UIDVALIDITY mismatch", ResponseCodeKind.ReadWrite, "Sorry, UIDVALIDITY mismatch")]
    [InlineData("a3 OK [READ-ONLY] Examine completed", ResponseCodeKind.ReadOnly, "Examine completed")]
    [InlineData("u4 OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs).", ResponseCodeKind.ClientBug, "Status on selected mailbox completed (0.001 + 0.000 secs).")]
    [InlineData("t3 NO [ALREADYEXISTS] Mailbox already exists (0.001 + 0.000 secs).", ResponseCodeKind.AlreadyExists, "Mailbox already exists (0.001 + 0.000 secs).")]
    [InlineData("t5 NO [TRYCREATE] Mailbox doesn't exist: nosuch (0.001 + 0.000 secs).", ResponseCodeKind.TryCreate, "Mailbox doesn't exist: nosuch (0.001 + 0.000 secs).")]
    [InlineData("* NO [OVERQUOTA] Soft quota has been exceeded", ResponseCodeKind.OverQuota, "Soft quota has been exceeded")]
    [InlineData("* OK [NOTIFICATIONOVERFLOW] dropped", ResponseCodeKind.NotificationOverflow, "dropped")]
    [InlineData("* OK [UIDNOTSTICKY] Non-persistent UIDs", ResponseCodeKind.UidNotSticky, "Non-persistent UIDs")]
    [InlineData("a1 NO [NONEXISTENT] No such mailbox", ResponseCodeKind.Nonexistent, "No such mailbox")]
    [InlineData("a1 NO [CANNOT] Bad name", ResponseCodeKind.Cannot, "Bad name")]
    [InlineData("a1 NO [LIMIT] Too many", ResponseCodeKind.Limit, "Too many")]
    [InlineData("a1 NO [INUSE] Locked", ResponseCodeKind.InUse, "Locked")]
    [InlineData("a1 NO [SERVERBUG] Oops", ResponseCodeKind.ServerBug, "Oops")]
    [InlineData("a1 NO [TOOBIG] Message too large", ResponseCodeKind.TooBig, "Message too large")]
    [InlineData("a1 OK [COMPRESSIONACTIVE] Already", ResponseCodeKind.CompressionActive, "Already")]
    [InlineData("a1 NO [PARSE] Bad header", ResponseCodeKind.Parse, "Bad header")]
    public async Task Status_with_argument_free_code(string line, ResponseCodeKind kind, string text)
    {
        var response = await Responses.OneAsync<StatusResponse>(line);
        Assert.Equal(kind, response.Code!.Kind);
        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task Numeric_codes_keep_full_width()
    {
        Assert.Equal(3857529045u, (await Responses.OneAsync<StatusResponse>("* OK [UIDVALIDITY 3857529045] UIDs valid")).Code!.UidValidity!.Value.Value);
        Assert.Equal(90060128194045007ul, (await Responses.OneAsync<StatusResponse>("* OK [HIGHESTMODSEQ 90060128194045007] Highest mailbox")).Code!.HighestModSeq!.Value.Value);
        Assert.Equal(715194045007ul, (await Responses.OneAsync<StatusResponse>("* OK [HIGHESTMODSEQ 715194045007]")).Code!.HighestModSeq!.Value.Value);
        Assert.Equal(3u, (await Responses.OneAsync<StatusResponse>("* OK [UIDNEXT 3] Predicted next UID")).Code!.UidNext!.Value.Value);
        var unseen = await Responses.OneAsync<StatusResponse>("* OK [UnSEEN 12345] Message 12345 is first unseen");
        Assert.Equal(ResponseCodeKind.Unseen, unseen.Code!.Kind);
        Assert.Equal("UNSEEN", unseen.Code.Atom);
        Assert.Equal(12345u, unseen.Code.Unseen);
    }

    [Fact]
    public async Task Permanent_flags_with_and_without_wildcard()
    {
        var limited = (await Responses.OneAsync<StatusResponse>(@"* OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited")).Code!;
        Assert.Equal(SystemFlags.Deleted | SystemFlags.Seen, limited.PermanentFlags!.Value.System);
        Assert.True(limited.AllowsNewKeywords);
        var none = (await Responses.OneAsync<StatusResponse>("* OK [PERMANENTFLAGS ()] No permanent flags permitted")).Code!;
        Assert.True(none.PermanentFlags!.Value.IsEmpty);
        Assert.False(none.AllowsNewKeywords);
        var noText = (await Responses.OneAsync<StatusResponse>(@"* OK [PERMANENTFLAGS (\Answered \Flagged \Draft)]")).Code!;
        Assert.Equal(SystemFlags.Answered | SystemFlags.Flagged | SystemFlags.Draft, noText.PermanentFlags!.Value.System);
        var dovecot = (await Responses.OneAsync<StatusResponse>(@"* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted.")).Code!;
        Assert.Equal(["$Label1"], dovecot.PermanentFlags!.Value.Keywords);
        Assert.True(dovecot.AllowsNewKeywords);
    }

    [Fact]
    public async Task Appenduid_single_and_set()
    {
        var single = (await Responses.OneAsync<StatusResponse>("A003 OK [APPENDUID 38505 3955] APPEND completed")).Code!;
        Assert.Equal(ResponseCodeKind.AppendUid, single.Kind);
        Assert.Equal(38505u, single.UidValidity!.Value.Value);
        Assert.Equal("3955", single.AppendedUids!.ToString());
        var multi = (await Responses.OneAsync<StatusResponse>("t4 OK [APPENDUID 1795711636 1:2] Append completed (0.002 + 0.000 + 0.001 secs).")).Code!;
        Assert.Equal(1795711636u, multi.UidValidity!.Value.Value);
        Assert.Equal([new Uid(1), new Uid(2)], multi.AppendedUids!);
    }

    [Fact]
    public async Task Copyuid_pairs_by_position()
    {
        var code = (await Responses.OneAsync<StatusResponse>("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done")).Code!;
        Assert.Equal(ResponseCodeKind.CopyUid, code.Kind);
        Assert.Equal("304,319:320", code.SourceUids!.ToString());
        Assert.Equal("3956:3958", code.DestinationUids!.ToString());
        Assert.Equal(
            [new(new Uid(304), new Uid(3956)), new(new Uid(319), new Uid(3957)), new(new Uid(320), new Uid(3958))],
            code.CopiedUids!);
    }

    [Fact]
    public async Task Copyuid_with_sets_of_different_size_is_text_only()
    {
        var response = await Responses.OneAsync<StatusResponse>("a1 OK [COPYUID 1 1:3 5] Done");
        Assert.Null(response.Code);
        Assert.Equal("[COPYUID 1 1:3 5] Done", response.Text);
    }

    [Fact]
    public async Task Modified_sets()
    {
        Assert.Equal("7,9", (await Responses.OneAsync<StatusResponse>("d105 OK [MODIFIED 7,9] Conditional STORE failed")).Code!.Modified!.ToString());
        var no = await Responses.OneAsync<StatusResponse>("B001 NO [MODIFIED 2] Some of the messages no longer exist.");
        Assert.Equal(ImapStatus.No, no.Status);
        Assert.Equal("2", no.Code!.Modified!.ToString());
    }

    [Theory]
    [InlineData("* NO [UNSEEN]", "[UNSEEN]")]
    [InlineData("* NO [TRYCREATE", "[TRYCREATE")]
    [InlineData("* NO [FOO(BAR)]", "[FOO(BAR)]")]
    public async Task Malformed_code_is_kept_as_text(string line, string text)
    {
        foreach (var quirks in new[] { ImapQuirks.None, ImapQuirks.Recommended })
        {
            var response = await Responses.OneAsync<StatusResponse>(line, quirks);
            Assert.Null(response.Code);
            Assert.Equal(text, response.Text);
        }
    }

    [Fact]
    public async Task Exchange_bracket_text_does_not_fail_the_command()
    {
        var response = await Responses.OneAsync<StatusResponse>(
            "RUBY0001 OK [Error=\"Microsoft.Exchange.Data.Storage.WrongServerException:Cross Server access is not allowed for mailbox x\" AuthResultFromPopImapEnd=0 Service=Imap4] AUTHENTICATE completed.");
        Assert.Equal(ImapStatus.Ok, response.Status);
        Assert.Equal("RUBY0001", response.Tag);
        Assert.EndsWith("AUTHENTICATE completed.", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_code_keeps_atom_and_arguments()
    {
        var code = (await Responses.OneAsync<StatusResponse>("A1 NO [BADEVENT (MessageNew MessageExpunge FlagChange)] unsupported")).Code!;
        Assert.Equal(ResponseCodeKind.BadEvent, code.Kind);
        Assert.Equal("(MessageNew MessageExpunge FlagChange)", code.RawArguments);
        var unknown = (await Responses.OneAsync<StatusResponse>("* OK [X-SOMETHING 1 2] hi")).Code!;
        Assert.Equal(ResponseCodeKind.Unknown, unknown.Kind);
        Assert.Equal("X-SOMETHING", unknown.Atom);
        Assert.Equal("1 2", unknown.RawArguments);
    }

    [Fact]
    public async Task Mailboxid_code()
    {
        var code = (await Responses.OneAsync<StatusResponse>("a1 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Created")).Code!;
        Assert.Equal("F2212ea87-6097-4256-9d51-71338625", code.MailboxId);
    }

    [Theory]
    [InlineData("+ Ready for additional command text", "Ready for additional command text")]
    [InlineData("+ idling", "idling")]
    [InlineData("+<SP>", "")]
    [InlineData("+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMCAQGiQgRAtHTEuOP2BXb9sBYFR4SJlDZxmg39IxmRBOhXRKdDA0uHTCOT9Bq3OsUTXUlk0CsFLoa8j+gvGDlgHuqzWHPSQg==",
        "YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMCAQGiQgRAtHTEuOP2BXb9sBYFR4SJlDZxmg39IxmRBOhXRKdDA0uHTCOT9Bq3OsUTXUlk0CsFLoa8j+gvGDlgHuqzWHPSQg==")]
    public async Task Continuations(string line, string text) =>
        Assert.Equal(text, (await Responses.OneAsync<ContinuationResponse>(line, ImapQuirks.None)).Text);

    [Fact]
    public async Task Missing_text_quirk_on_and_off()
    {
        Assert.Equal("", (await Responses.OneAsync<ContinuationResponse>("+", ImapQuirks.MissingText)).Text);
        var ok = await Responses.OneAsync<StatusResponse>("a107 OK", ImapQuirks.MissingText);
        Assert.Equal(("a107", ImapStatus.Ok, ""), (ok.Tag, ok.Status, ok.Text));
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<ContinuationResponse>("+", ImapQuirks.None));
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<StatusResponse>("a107 OK", ImapQuirks.None));
    }

    [Fact]
    public async Task Untagged_code_without_status_quirk_on_and_off()
    {
        var response = await Responses.OneAsync<StatusResponse>("* [COPYUID 38505 304 3956] Done", ImapQuirks.UntaggedCodeWithoutStatus);
        Assert.Equal(ImapStatus.Ok, response.Status);
        Assert.Equal(ResponseCodeKind.CopyUid, response.Code!.Kind);
        await Assert.ThrowsAsync<ImapProtocolException>(() => Responses.OneAsync<StatusResponse>("* [COPYUID 38505 304 3956] Done", ImapQuirks.None));
    }

    [Fact]
    public async Task Move_sequence_keeps_codes_in_order()
    {
        var responses = await Responses.ReadAllAsync(Wire.Line(
            "* OK [COPYUID 1795711637 1 1] Moved UIDs.<CRLF>* VANISHED 1<CRLF>u7 OK [HIGHESTMODSEQ 6] Move completed (0.002 + 0.000 + 0.001 secs)."));
        Assert.Equal(ResponseCodeKind.CopyUid, Assert.IsType<StatusResponse>(responses[0]).Code!.Kind);
        Assert.Equal("1", Assert.IsType<VanishedResponse>(responses[1]).Uids.ToString());
        var done = Assert.IsType<StatusResponse>(responses[2]);
        Assert.Equal(("u7", 6ul), (done.Tag, done.Code!.HighestModSeq!.Value.Value));
    }
}
