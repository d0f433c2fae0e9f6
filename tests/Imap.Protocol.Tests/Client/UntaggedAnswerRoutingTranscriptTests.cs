using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// Untagged answers that name no command (<c>* SEARCH</c>, <c>* STATUS</c>, <c>VANISHED (EARLIER)</c>, an
/// ESEARCH without its tag) never go to the wrong one: they are routed by what ties them to a command
/// (an ESEARCH tag, the UIDs of a FETCH), or the client never has two commands in flight that could
/// take the same one.
/// </summary>
public class UntaggedAnswerRoutingTranscriptTests
{
    private const string WithoutEsearch = "* OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS ENABLE QRESYNC CONDSTORE] ready";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private static readonly Exchange s_select = new("SELECT INBOX", "* 10 EXISTS", "{tag} OK [READ-WRITE] selected");

    [Fact]
    public async Task Plain_searches_in_one_mailbox_run_one_after_the_other_and_each_gets_its_own_answer()
    {
        await using var server = new ScriptedImapServer(WithoutEsearch, s_select,
            new Exchange("UID SEARCH UID 1:5", "* SEARCH 1 2", "{tag} OK first searched"),
            new Exchange("UID SEARCH UID 7:9", "* SEARCH 8", "{tag} OK second searched"));
        var trace = new ClientTraceLog();
        await using var client = await ConnectSelected(server, trace.Add);

        var first = client.SearchAsync(Uids("1:5"));
        var second = client.SearchAsync(Uids("7:9"));
        await Task.WhenAll(first, second).WaitAsync(s_limit);

        Assert.Null(server.Error);
        trace.AssertBefore("OK first searched", "UID SEARCH UID 7:9");
        Assert.Equal("1:2", (await first).Uids.ToString());
        Assert.Equal("8", (await second).Uids.ToString());
    }

    [Fact]
    public async Task A_plain_search_after_another_select_is_not_held()
    {
        await using var server = new ScriptedImapServer(WithoutEsearch, s_select,
            new Exchange(["UID SEARCH UID 1:5", "SELECT Other", "UID SEARCH UID 1:5"],
            [
                "* SEARCH 3",
                "{tag0} OK searched in INBOX",
                "* 4 EXISTS",
                "{tag1} OK [READ-WRITE] selected",
                "* SEARCH 4",
                "{tag2} OK searched in Other",
            ]));
        await using var client = await ConnectSelected(server);

        var inInbox = client.SearchAsync(Uids("1:5"));
        var select = client.SelectAsync(new MailboxName("Other"));
        var inOther = client.SearchAsync(Uids("1:5"));
        await Task.WhenAll(inInbox, select, inOther).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([1, 4], server.ReceivedWhenReplying);
        Assert.Equal("3", (await inInbox).Uids.ToString());
        Assert.Equal("4", (await inOther).Uids.ToString());
    }

    [Fact]
    public async Task Esearch_answers_in_the_opposite_order_reach_the_commands_their_tags_name()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID SEARCH RETURN (ALL) UID 1:5", "UID SEARCH RETURN (ALL) UID 7:9"],
            [
                "* ESEARCH (TAG \"{tag1}\") UID ALL 8",
                "{tag1} OK second searched",
                "* ESEARCH (TAG \"{tag0}\") UID ALL 1:2",
                "{tag0} OK first searched",
            ]));
        await using var client = await ConnectSelected(server);

        var first = client.SearchAsync(Uids("1:5"));
        var second = client.SearchAsync(Uids("7:9"));
        await Task.WhenAll(first, second).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([1, 3], server.ReceivedWhenReplying); // both on the wire at once
        Assert.Equal("1:2", (await first).Uids.ToString());
        Assert.Equal("8", (await second).Uids.ToString());
    }

    [Fact]
    public async Task An_esearch_without_its_tag_goes_to_the_only_search_in_flight()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange("UID SEARCH RETURN (ALL) UID 1:5", "* ESEARCH UID ALL 2", "{tag} OK searched"));
        await using var client = await ConnectSelected(server);

        var found = await client.SearchAsync(Uids("1:5")).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal("2", found.Uids.ToString());
    }

    [Fact]
    public async Task A_plain_search_answer_from_a_server_advertising_esearch_goes_to_the_only_search_in_flight()
    {
        // Servers whose ESEARCH is broken (iCloud is reported to be one) may answer RETURN (ALL) the RFC 3501 way.
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange("UID SEARCH RETURN (ALL) UID 1:5", "* SEARCH 2 4", "{tag} OK searched"));
        await using var client = await ConnectSelected(server);

        var found = await client.SearchAsync(Uids("1:5")).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal("2,4", found.Uids.ToString());
    }

    [Fact]
    public async Task A_plain_search_answer_while_two_esearches_are_in_flight_goes_to_neither()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID SEARCH RETURN (ALL) UID 1:5", "UID SEARCH RETURN (ALL) UID 7:9"],
            [
                "* SEARCH 8", // either one's
                "{tag1} OK second searched",
                "* SEARCH 1 2", // only the first is in flight now
                "{tag0} OK first searched",
            ]));
        await using var client = await ConnectSelected(server);

        var first = client.SearchAsync(Uids("1:5"));
        var second = client.SearchAsync(Uids("7:9"));

        await Assert.ThrowsAsync<ImapCommandException>(() => second.WaitAsync(s_limit));
        Assert.Equal("1:2", (await first.WaitAsync(s_limit)).Uids.ToString());
    }

    [Fact]
    public async Task An_esearch_without_its_tag_while_two_searches_are_in_flight_goes_to_neither()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID SEARCH RETURN (ALL) UID 1:5", "UID SEARCH RETURN (ALL) UID 7:9"],
            [
                "* ESEARCH UID ALL 8", // either one's
                "{tag1} OK second searched",
                "* ESEARCH UID ALL 1:2", // only the first is in flight now
                "{tag0} OK first searched",
            ]),
            new Exchange("NOOP", "{tag} OK still here"));
        await using var client = await ConnectSelected(server);

        var first = client.SearchAsync(Uids("1:5"));
        var second = client.SearchAsync(Uids("7:9"));

        var error = await Assert.ThrowsAsync<ImapCommandException>(() => second.WaitAsync(s_limit));
        Assert.Contains("without an ESEARCH response naming that tag", error.Message, StringComparison.Ordinal);
        Assert.Equal("1:2", (await first.WaitAsync(s_limit)).Uids.ToString());
        await client.NoopAsync().WaitAsync(s_limit); // the connection itself is fine
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task A_search_the_server_completes_without_data_fails_rather_than_return_nothing()
    {
        await using var server = new ScriptedImapServer(WithoutEsearch, s_select,
            new Exchange("UID SEARCH UID 1:*", "{tag} OK searched"));
        await using var client = await ConnectSelected(server);

        var error = await Assert.ThrowsAsync<ImapCommandException>(() => client.SearchAsync(Uids("1:*")).WaitAsync(s_limit));

        Assert.Contains("without a SEARCH response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vanished_earlier_of_two_pipelined_fetches_reaches_each_for_the_uids_it_asked_about()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID FETCH 1:5 (UID FLAGS) (CHANGEDSINCE 10 VANISHED)", "UID FETCH 6:10 (UID FLAGS) (CHANGEDSINCE 10 VANISHED)"],
            [
                "* VANISHED (EARLIER) 7",
                "* 5 FETCH (UID 9 FLAGS () MODSEQ (12))",
                // A server may also report both commands' expunges at once.
                "* VANISHED (EARLIER) 2,4,8",
                "{tag1} OK second fetched",
                "{tag0} OK first fetched",
            ]));
        await using var client = await ConnectSelected(server);
        var firstVanished = new List<string>();
        var secondVanished = new List<string>();

        var first = client.FetchListAsync(UidSet.Parse("1:5"), ChangesSince(10, firstVanished));
        var second = client.FetchListAsync(UidSet.Parse("6:10"), ChangesSince(10, secondVanished));
        await Task.WhenAll(first, second).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([1, 3], server.ReceivedWhenReplying); // pipelined: their sets are disjoint
        Assert.Equal(["2,4"], firstVanished);
        Assert.Equal(["7", "8"], secondVanished);
        Assert.Empty(await first);
        Assert.Equal(9u, Assert.Single(await second).Uid!.Value.Value);
    }

    [Fact]
    public async Task A_fetch_reporting_vanished_waits_for_one_whose_set_overlaps()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange("UID FETCH 1:5 (UID FLAGS) (CHANGEDSINCE 10 VANISHED)", "* VANISHED (EARLIER) 4", "{tag} OK first fetched"),
            new Exchange("UID FETCH 4:8 (UID FLAGS) (CHANGEDSINCE 10 VANISHED)", "* VANISHED (EARLIER) 4,6", "{tag} OK second fetched"));
        var trace = new ClientTraceLog();
        await using var client = await ConnectSelected(server, trace.Add);
        var firstVanished = new List<string>();
        var secondVanished = new List<string>();

        var first = client.FetchListAsync(UidSet.Parse("1:5"), ChangesSince(10, firstVanished));
        var second = client.FetchListAsync(UidSet.Parse("4:8"), ChangesSince(10, secondVanished));
        await Task.WhenAll(first, second).WaitAsync(s_limit);

        Assert.Null(server.Error);
        trace.AssertBefore("OK first fetched", "UID FETCH 4:8");
        Assert.Equal(["4"], firstVanished);
        Assert.Equal(["4,6"], secondVanished);
    }

    [Fact]
    public async Task Two_status_of_one_mailbox_run_one_after_the_other_and_of_two_mailboxes_together()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("STATUS INBOX (MESSAGES)", "* STATUS INBOX (MESSAGES 5)", "{tag} OK first status"),
            new Exchange(["STATUS INBOX (UIDNEXT)", "STATUS Other (UIDNEXT)"],
            [
                "* STATUS Other (UIDNEXT 40)",
                "{tag1} OK other status",
                "* STATUS INBOX (UIDNEXT 9)",
                "{tag0} OK second status",
            ]));
        var trace = new ClientTraceLog();
        await using var client = await Connect(server, depth: 8, trace: trace.Add);

        var messages = client.StatusAsync(new MailboxName("INBOX"), StatusItems.Messages);
        var uidNext = client.StatusAsync(new MailboxName("INBOX"), StatusItems.UidNext);
        var other = client.StatusAsync(new MailboxName("Other"), StatusItems.UidNext);
        await Task.WhenAll(messages, uidNext, other).WaitAsync(s_limit);

        Assert.Null(server.Error);
        trace.AssertBefore("OK first status", "STATUS INBOX (UIDNEXT)");
        Assert.Equal([1, 3], server.ReceivedWhenReplying);
        Assert.Equal(5u, (await messages).Messages);
        Assert.Null((await messages).UidNext);
        Assert.Equal(9u, (await uidNext).UidNext!.Value.Value);
        Assert.Equal(40u, (await other).UidNext!.Value.Value);
    }

    [Theory]
    [InlineData("NAMESPACE", "* NAMESPACE ((\"first\" \"/\")) NIL NIL", "* NAMESPACE ((\"second\" \".\")) NIL NIL")]
    [InlineData("ID NIL", "* ID (\"name\" \"first\")", "* ID (\"name\" \"second\")")]
    public async Task Two_namespace_or_id_commands_run_one_after_the_other_and_each_gets_its_own_answer(string command, string firstAnswer, string secondAnswer)
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(command, firstAnswer, "{tag} OK first done"),
            new Exchange(command, secondAnswer, "{tag} OK second done"));
        var trace = new ClientTraceLog();
        await using var client = await Connect(server, depth: 8, trace: trace.Add);
        Func<Task<string>> ask = command == "ID NIL"
            ? async () => (await client.IdAsync())!["name"]!
            : async () => Assert.Single((await client.NamespaceAsync())!.Personal).Prefix;

        var first = ask();
        var second = ask();
        await Task.WhenAll(first, second).WaitAsync(s_limit);

        Assert.Null(server.Error);
        trace.AssertSecondWrittenAfter("OK first done", command);
        Assert.Equal("first", await first);
        Assert.Equal("second", await second);
    }

    [Fact]
    public async Task A_list_with_status_waits_for_a_status_in_flight()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("STATUS INBOX (MESSAGES)", "* STATUS INBOX (MESSAGES 5)", "{tag} OK status done"),
            new Exchange("LIST \"\" * RETURN (STATUS (MESSAGES))",
                "* LIST () \"/\" INBOX", "* STATUS INBOX (MESSAGES 6)", "{tag} OK list done"));
        var trace = new ClientTraceLog();
        await using var client = await Connect(server, depth: 8, trace: trace.Add);

        var status = client.StatusAsync(new MailboxName("INBOX"), StatusItems.Messages);
        var list = client.ListAsync(new ListRequest { ReturnStatus = StatusItems.Messages });
        await Task.WhenAll(status, list).WaitAsync(s_limit);

        Assert.Null(server.Error);
        trace.AssertBefore("OK status done", "LIST ");
        Assert.Equal(5u, (await status).Messages);
        Assert.Equal(6u, Assert.Single(await list).Status!.Messages);
    }

    private static SearchKey Uids(string set) => SearchKey.Uid(UidSet.Parse(set));

    private static FetchRequest ChangesSince(ulong modSeq, List<string> vanished) => new()
    {
        Flags = true,
        ChangedSince = new ModSeq(modSeq),
        Vanished = true,
        OnVanished = uids =>
        {
            lock (vanished)
            {
                vanished.Add(uids.ToString());
            }
        },
    };
}
