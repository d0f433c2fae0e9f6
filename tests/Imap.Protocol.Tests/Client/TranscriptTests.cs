using System.Text;
using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

public class TranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Basic_session_runs_every_common_command()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("AUTHENTICATE PLAIN AGFsaWNlAHB3", "{tag} OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS ENABLE QRESYNC CONDSTORE ESEARCH MULTIAPPEND MOVE] logged in"),
            new Exchange("ENABLE QRESYNC", "* ENABLED QRESYNC", "{tag} OK enabled"),
            new Exchange("LIST \"\" * RETURN (SUBSCRIBED STATUS (UIDNEXT UIDVALIDITY HIGHESTMODSEQ))",
                "* LIST (\\Subscribed) \"/\" INBOX",
                "* STATUS INBOX (UIDNEXT 5 UIDVALIDITY 42 HIGHESTMODSEQ 9)",
                "* LIST () \"/\" \"a b\"",
                "{tag} OK done"),
            new Exchange("SELECT INBOX (QRESYNC (42 3 1:4))",
                "* 3 EXISTS",
                "* OK [UIDVALIDITY 42] ok",
                "* OK [UIDNEXT 5] ok",
                "* OK [HIGHESTMODSEQ 9] ok",
                "* VANISHED (EARLIER) 2",
                "* 2 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (8))",
                "{tag} OK [READ-WRITE] selected"),
            new Exchange("UID FETCH 1:4 (UID FLAGS MODSEQ)",
                "* 1 FETCH (UID 1 FLAGS () MODSEQ (4))",
                "* 2 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (8))",
                "{tag} OK fetched"),
            new Exchange("UID STORE 1,3 (UNCHANGEDSINCE 8) +FLAGS.SILENT (\\Flagged)",
                "* 2 FETCH (UID 3 MODSEQ (10))",
                "{tag} OK [MODIFIED 1] conditional store"),
            new Exchange("APPEND INBOX (\\Seen) {5+}hello", "{tag} OK [APPENDUID 42 7] appended"),
            new Exchange("UID EXPUNGE 3", "* VANISHED 3", "{tag} OK expunged"),
            new Exchange("LOGOUT", "* BYE bye", "{tag} OK logout"));

        await using var client = await Connect(server);
        Assert.True(client.Capabilities.SaslIR);
        await client.AuthenticateAsync(new ImapCredentials { UserName = "alice", Password = "pw" }).WaitAsync(s_limit);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        Assert.False(client.Capabilities.SaslIR);
        Assert.Equal(["QRESYNC"], await client.EnableAsync(["QRESYNC"]));

        var list = await client.ListAsync(new ListRequest { ReturnSubscribed = true, ReturnStatus = StatusItems.UidNext | StatusItems.UidValidity | StatusItems.HighestModSeq });
        Assert.Equal(2, list.Count);
        Assert.Equal("INBOX", list[0].Mailbox.Mailbox.Name);
        Assert.Equal(new Uid(5), list[0].Status!.UidNext);
        Assert.Equal("a b", list[1].Mailbox.Mailbox.Name);
        Assert.Null(list[1].Status);

        var select = await client.SelectAsync(new MailboxName("INBOX"), new SelectOptions
        {
            QResync = new QResyncParameters(new UidValidity(42), new ModSeq(3), UidSet.Parse("1:4")),
        });
        Assert.Equal(new UidValidity(42), select.Mailbox.UidValidity);
        Assert.Equal(new ModSeq(9), select.Mailbox.HighestModSeq);
        Assert.Equal(3u, select.Mailbox.Exists);
        Assert.False(select.Mailbox.ReadOnly);
        Assert.Equal("2", select.Vanished.ToString());
        Assert.Equal(new Uid(3), Assert.Single(select.Changed).Uid);

        var fetched = await client.FetchListAsync(UidSet.Parse("1:4"), FetchRequest.FlagsAndModSeq);
        Assert.Equal([new Uid(1), new Uid(3)], fetched.Select(f => f.Uid!.Value));
        Assert.Equal(new ModSeq(8), fetched[1].ModSeq);

        var store = await client.StoreAsync(UidSet.Parse("1,3"), StoreAction.Add, ["\\Flagged"], new ModSeq(8), silent: true);
        Assert.Equal("1", store.Modified.ToString());
        Assert.Equal(new ModSeq(10), Assert.Single(store.Updated).ModSeq);

        var append = await client.AppendAsync(new MailboxName("INBOX"), new AppendMessage { Content = ImapLiteral.FromMemory("hello"u8.ToArray()), Flags = ["\\Seen"] });
        Assert.Equal(new UidValidity(42), append.UidValidity);
        Assert.Equal([new Uid(7)], append.Uids);

        await client.ExpungeAsync(UidSet.Parse("3"));
        Assert.Equal("3", client.Selected!.TakeVanished().ToString());
        Assert.True(client.Selected.TakeVanished().IsEmpty);
        Assert.Equal(2u, client.Selected.Exists);

        await client.LogoutAsync().WaitAsync(s_limit);
        Assert.Equal(ImapConnectionState.Closed, client.State);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task Pipelined_commands_are_all_written_before_any_reply_and_complete_out_of_order()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(["STATUS a (MESSAGES)", "STATUS b (MESSAGES)", "STATUS c (MESSAGES)"],
            [
                "* STATUS c (MESSAGES 3)",
                "{tag2} OK c",
                "* STATUS a (MESSAGES 1)",
                "* STATUS b (MESSAGES 2)",
                "{tag1} OK b",
                "{tag0} OK a",
            ]));
        await using var client = await Connect(server, depth: 8);
        var tasks = new[] { "a", "b", "c" }.Select(n => client.StatusAsync(new MailboxName(n), StatusItems.Messages)).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(s_limit);
        Assert.Equal([1u, 2u, 3u], results.Select(r => r.Messages!.Value));
        Assert.Equal([3], server.ReceivedWhenReplying);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task Two_fetches_of_one_uid_in_flight_each_get_an_answer_when_both_come_before_either_ok()
    {
        // Dovecot runs such commands in parallel: both untagged FETCHes may precede both tagged OKs.
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(["UID FETCH 5 (UID FLAGS)", "UID FETCH 5 (UID FLAGS)"],
            [
                @"* 1 FETCH (UID 5 FLAGS (\Seen))",
                @"* 1 FETCH (UID 5 FLAGS (\Seen $k5))",
                "{tag0} OK first",
                "{tag1} OK second",
            ]));
        await using var client = await Connect(server, depth: 8);
        var request = new FetchRequest { Flags = true };
        var first = client.FetchListAsync(UidSet.Parse("5"), request);
        var second = client.FetchListAsync(UidSet.Parse("5"), request);
        var results = await Task.WhenAll(first, second).WaitAsync(s_limit);
        Assert.All(results, r => Assert.Equal(5u, Assert.Single(r).Uid!.Value.Value));
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task A_store_of_a_uid_being_fetched_waits_for_the_fetch_so_each_gets_its_own_answer()
    {
        // Both answers are "FETCH (UID 1 FLAGS …)": in flight together nothing would tell them apart.
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("UID FETCH 1:3 (UID FLAGS)",
                "* 1 FETCH (UID 1 FLAGS ())",
                "* 2 FETCH (UID 2 FLAGS ())",
                "* 3 FETCH (UID 3 FLAGS ())",
                "{tag} OK fetched"),
            new Exchange("UID STORE 1 +FLAGS (\\Answered)",
                "* 1 FETCH (UID 1 FLAGS (\\Answered))",
                "{tag} OK stored"));
        await using var client = await Connect(server, depth: 8);
        var fetch = client.FetchListAsync(UidSet.Parse("1:3"), new FetchRequest { Flags = true });
        var store = client.StoreAsync(UidSet.Parse("1"), StoreAction.Add, ["\\Answered"]);
        await Task.WhenAll(fetch, store).WaitAsync(s_limit);
        Assert.Null(server.Error);
        Assert.Equal([1, 2], server.ReceivedWhenReplying);
        Assert.Equal([1u, 2u, 3u], (await fetch).Select(f => f.Uid!.Value.Value));
        Assert.All(await fetch, f => Assert.True(f.Flags!.Value.IsEmpty));
        Assert.Equal(ImapFlag.Answered, Assert.Single(Assert.Single((await store).Updated).Flags!.Value));
    }

    [Fact]
    public async Task Depth_one_sends_one_command_at_a_time()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("NOOP", "{tag} OK 1"),
            new Exchange("NOOP", "{tag} OK 2"),
            new Exchange("NOOP", "{tag} OK 3"));
        await using var client = await Connect(server, depth: 1);
        await Task.WhenAll(client.NoopAsync(), client.NoopAsync(), client.NoopAsync()).WaitAsync(s_limit);
        Assert.Equal([1, 2, 3], server.ReceivedWhenReplying);
        Assert.Equal(1, client.PipelineDepth);
    }

    [Fact]
    public async Task Bye_mid_command_fails_it_with_the_command_and_the_bye_text()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("UID FETCH 1:10 (UID FLAGS)", "* BYE server shutting down", "!close"));
        await using var client = await Connect(server);
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(async () =>
            await client.FetchListAsync(UidSet.Parse("1:10"), new FetchRequest { Flags = true }).WaitAsync(s_limit));
        Assert.Contains("BYE server shutting down", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UID FETCH", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ImapConnectionState.Closed, client.State);
        var again = await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync());
        Assert.Contains("Cannot send NOOP", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_and_bad_carry_code_text_and_command_and_leave_the_connection_usable()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("SELECT nope", "{tag} NO [NONEXISTENT] Mailbox doesn't exist: nope"),
            new Exchange("CREATE \"\"", "{tag} BAD [CLIENTBUG] Empty mailbox name"),
            new Exchange("NOOP", "{tag} OK still here"));
        await using var client = await Connect(server);
        var no = await Assert.ThrowsAsync<ImapCommandException>(() => client.SelectAsync(new MailboxName("nope")));
        Assert.Equal("SELECT", no.Command);
        Assert.Equal(ImapStatus.No, no.Status);
        Assert.Equal(ResponseCodeKind.Nonexistent, no.Code!.Kind);
        Assert.Equal("Mailbox doesn't exist: nope", no.ResponseText);
        Assert.Null(client.Selected);
        var bad = await Assert.ThrowsAsync<ImapCommandException>(() => client.CreateAsync(new MailboxName("")));
        Assert.Equal(ImapStatus.Bad, bad.Status);
        Assert.Contains("CREATE failed: BAD [CLIENTBUG]", bad.Message, StringComparison.Ordinal);
        await client.NoopAsync().WaitAsync(s_limit);
    }

    [Fact]
    public async Task Disconnect_inside_a_literal_fails_the_fetch()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("UID FETCH 5 (UID BODY.PEEK[])", "!raw:* 1 FETCH (UID 5 BODY[] {100}\r\nFrom: half a mess", "!close"));
        await using var client = await Connect(server);
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(async () =>
            await client.FetchListAsync(UidSet.Parse("5"), new FetchRequest { BodyItems = ["BODY.PEEK[]"] }).WaitAsync(s_limit));
        Assert.Contains("UID FETCH", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_connection_says_its_name_when_it_is_lost()
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("NOOP", "!close"));
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Name = "remote",
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None },
            CommandTimeout = s_limit,
        });
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync().WaitAsync(s_limit));
        Assert.Contains("remote (127.0.0.1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_continuation_fails_the_append_without_sending_the_literal()
    {
        const string NoLiteralPlus = "* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready";
        await using var server = new ScriptedImapServer(NoLiteralPlus,
            new Exchange(["APPEND missing {5}"], ["{tag} NO [TRYCREATE] Mailbox doesn't exist"], RefuseLiteral: true),
            new Exchange("NOOP", "{tag} OK fine"));
        await using var client = await Connect(server);
        var ex = await Assert.ThrowsAsync<ImapCommandException>(() =>
            client.AppendAsync(new MailboxName("missing"), new AppendMessage { Content = ImapLiteral.FromMemory("hello"u8.ToArray()) }).WaitAsync(s_limit));
        Assert.Equal(ResponseCodeKind.TryCreate, ex.Code!.Kind);
        await client.NoopAsync().WaitAsync(s_limit);
        Assert.Equal(["APPEND missing {5}", "NOOP"], server.Received);
    }

    [Fact]
    public async Task Synchronizing_literal_waits_for_the_continuation()
    {
        const string NoLiteralPlus = "* OK [CAPABILITY IMAP4rev1] ready";
        await using var server = new ScriptedImapServer(NoLiteralPlus,
            new Exchange("LOGIN alice {3}pä", "{tag} OK [CAPABILITY IMAP4rev1] in"));
        var trace = new List<string>();
        await using var client = await Connect(server, trace: trace.Add);
        await client.AuthenticateAsync(new ImapCredentials { UserName = "alice", Password = "pä" }, ["LOGIN"]).WaitAsync(s_limit);
        Assert.Null(server.Error);
        Assert.Contains("C: 000000 LOGIN [REDACTED]", trace);
        Assert.DoesNotContain(trace, l => l.Contains("pä", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, l => l.StartsWith("S: +", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Untagged_updates_reach_the_mailbox_whichever_command_runs()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("SELECT INBOX", "* 2 EXISTS", "* OK [UIDVALIDITY 7] ok", "{tag} OK [READ-WRITE] ok"),
            new Exchange("STATUS other (MESSAGES)",
                "* 4 EXISTS",
                "* VANISHED 9:10",
                "* 1 FETCH (UID 1 FLAGS (\\Deleted))",
                "* STATUS other (MESSAGES 0)",
                "{tag} OK status"));
        await using var client = await Connect(server);
        var unsolicited = new List<ImapResponse>();
        client.UntaggedResponse += (_, r) => unsolicited.Add(r);
        await client.SelectAsync(new MailboxName("INBOX"));
        await client.StatusAsync(new MailboxName("other"), StatusItems.Messages).WaitAsync(s_limit);
        Assert.Equal("9:10", client.Selected!.TakeVanished().ToString());
        Assert.Equal(2u, client.Selected.Exists);
        Assert.Equal(new Uid(1), Assert.Single(client.Selected.TakeUnsolicitedFetches()).Uid);
        Assert.Contains(unsolicited, r => r is VanishedResponse);
    }

    [Fact]
    public async Task Command_timeout_names_the_command()
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("NOOP"));
        await using var client = await Connect(server, timeout: TimeSpan.FromMilliseconds(300));
        var ex = await Assert.ThrowsAsync<ImapTimeoutException>(() => client.NoopAsync().WaitAsync(s_limit));
        Assert.Contains("NOOP", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starttls_required_but_not_offered_aborts()
    {
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] no tls here");
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => Connect(server, security: ImapSecurity.StartTls));
        Assert.Equal("Server did not advertise STARTTLS capability.", ex.Message);
    }

    [Fact]
    public async Task Preauth_on_plaintext_with_starttls_required_aborts()
    {
        await using var server = new ScriptedImapServer("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi");
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => Connect(server, security: ImapSecurity.StartTls));
        Assert.Contains("MiTM", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_tag_is_a_protocol_error()
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("NOOP", "zzz OK what"));
        await using var client = await Connect(server);
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync().WaitAsync(s_limit));
        Assert.Contains("unknown tag zzz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capability_is_requested_when_the_greeting_has_none()
    {
        await using var server = new ScriptedImapServer("* OK hi",
            new Exchange("CAPABILITY", "* CAPABILITY IMAP4rev1 IDLE", "{tag} OK"));
        await using var client = await Connect(server);
        Assert.True(client.Capabilities.Idle);
    }

    [Fact]
    public async Task Not_imap4rev1_is_refused()
    {
        await using var server = new ScriptedImapServer("* OK [CAPABILITY POP3] hi");
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => Connect(server));
        Assert.Contains("Not an IMAP4 server?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_ends_with_done_and_updates_state()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("SELECT INBOX", "* 1 EXISTS", "{tag} OK [READ-WRITE] ok"),
            new Exchange("IDLE", "+ idling", "* 5 EXISTS"),
            new Exchange("DONE", "{tag0} OK idle done"));
        await using var client = await Connect(server);
        await client.SelectAsync(new MailboxName("INBOX"));
        using var stop = new CancellationTokenSource();
        var sawExists = new TaskCompletionSource();
        client.UntaggedResponse += (_, r) =>
        {
            if (r is ExistsResponse { Count: 5 })
            {
                sawExists.TrySetResult();
            }
        };
        var idle = client.IdleAsync(stop.Token);
        await sawExists.Task.WaitAsync(s_limit);
        await stop.CancelAsync();
        await idle.WaitAsync(s_limit);
        Assert.Equal(5u, client.Selected!.Exists);
    }

    [Fact]
    public async Task Scram_exchange_with_server_signature()
    {
        // RFC 7677 vector with a fixed nonce is covered in Auth tests; here a wrong signature must abort.
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 AUTH=SCRAM-SHA-256] hi",
            new Exchange("AUTHENTICATE SCRAM-SHA-256", "+ "),
            new Exchange("*", "+ " + Convert.ToBase64String(Encoding.ASCII.GetBytes("r=bogus,s=QSXCR+Q6sek8bf92,i=4096"))),
            new Exchange("*", "{tag0} BAD aborted"));
        await using var client = await Connect(server);
        var ex = await Assert.ThrowsAsync<ImapAuthenticationException>(() =>
            client.AuthenticateAsync(new ImapCredentials { UserName = "u", Password = "p" }, ["SCRAM-SHA-256"]).WaitAsync(s_limit));
        Assert.Contains("SCRAM", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_usable_mechanism_and_disabled_logins_are_reported()
    {
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=GSSAPI] hi");
        await using var client = await Connect(server);
        var none = await Assert.ThrowsAsync<ImapAuthenticationException>(() =>
            client.AuthenticateAsync(new ImapCredentials { UserName = "u", Password = "p" }, ["XOAUTH2"]));
        Assert.Equal("Failed to choose an authentication mechanism", none.Message);
        var disabled = await Assert.ThrowsAsync<ImapAuthenticationException>(() =>
            client.AuthenticateAsync(new ImapCredentials { UserName = "u", Password = "p" }));
        Assert.Equal("Logins are disabled.", disabled.Message);
    }

    [Fact]
    public async Task Long_uid_sets_are_split_into_several_commands()
    {
        var uids = UidSet.FromUids(Enumerable.Range(0, 3000).Select(i => new Uid((uint)(i * 2 + 1))));
        var parts = uids.Split(8000).ToList();
        Assert.True(parts.Count > 1);
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(parts.Select(p => $"UID EXPUNGE {p}").ToArray(), parts.Select((_, i) => $"{{tag{i}}} OK").ToArray()));
        await using var client = await Connect(server);
        await client.ExpungeAsync(uids).WaitAsync(s_limit);
        Assert.Null(server.Error);
        Assert.All(server.Received, r => Assert.True(r.Length < 8100));
    }

    [Fact]
    public void Internal_date_format()
    {
        Assert.Equal("05-Mar-2024 07:08:09 -0130", Imap.Protocol.Commands.AppendCommand.FormatInternalDate(new DateTimeOffset(2024, 3, 5, 7, 8, 9, TimeSpan.FromMinutes(-90))));
    }
}
