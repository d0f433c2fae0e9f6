using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// SELECT pipelined with other commands: one flight, and untagged data routed to the selection and
/// the command it belongs to. The scripted server answers only once the whole flight has arrived, so
/// a SELECT that waited for a reply before letting later commands go would time out here.
/// </summary>
public class PipelinedSelectTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Select_store_select_fetch_in_one_flight_each_get_exactly_their_data()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(
                [
                    "SELECT a (CONDSTORE)",
                    "UID STORE 4 (UNCHANGEDSINCE 10) +FLAGS.SILENT (\\Seen)",
                    "SELECT b (QRESYNC (8 20 1:6))",
                    "UID FETCH 4 (UID FLAGS)",
                ],
                [
                    "* 3 EXISTS",
                    "* OK [UIDVALIDITY 7] ok",
                    "* OK [HIGHESTMODSEQ 10] ok",
                    "{tag0} OK [READ-WRITE] a selected",
                    // CONDSTORE's answer to the STORE, and a flag change made by another session in a:
                    // neither is a change the QRESYNC SELECT b in flight may take.
                    "* 1 FETCH (UID 4 MODSEQ (11))",
                    "* 2 FETCH (UID 9 FLAGS (\\Flagged) MODSEQ (12))",
                    "{tag1} OK [HIGHESTMODSEQ 12] stored",
                    "* OK [CLOSED] a closed",
                    "* 5 EXISTS",
                    "* OK [UIDVALIDITY 8] ok",
                    "* OK [HIGHESTMODSEQ 30] ok",
                    "* VANISHED (EARLIER) 2:3",
                    // UID 4 again, in b: the SELECT's, although the UID FETCH 4 after it is in flight.
                    "* 1 FETCH (UID 4 FLAGS (\\Seen) MODSEQ (29))",
                    "{tag2} OK [READ-WRITE] b selected",
                    "* 1 FETCH (UID 4 FLAGS (\\Seen))",
                    "* 6 EXISTS",
                    "{tag3} OK fetched",
                ]));
        await using var client = await Connect(server, depth: 8);

        var selectA = client.SelectAsync(new MailboxName("a"), new SelectOptions { CondStore = true });
        var store = client.StoreAsync(UidSet.Parse("4"), StoreAction.Add, ["\\Seen"], new ModSeq(10), silent: true);
        var selectB = client.SelectAsync(new MailboxName("b"), new SelectOptions
        {
            QResync = new QResyncParameters(new UidValidity(8), new ModSeq(20), UidSet.Parse("1:6")),
        });
        var fetch = client.FetchListAsync(UidSet.Parse("4"), new FetchRequest { Flags = true });
        await Task.WhenAll(selectA, store, selectB, fetch).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([4], server.ReceivedWhenReplying);
        var a = (await selectA).Mailbox;
        Assert.Equal(new UidValidity(7), a.UidValidity);
        Assert.Equal(3u, a.Exists);
        Assert.Equal(new ModSeq(12), a.HighestModSeq);
        Assert.True(a.IsClosed);
        Assert.Equal(new Uid(9), Assert.Single(a.TakeUnsolicitedFetches()).Uid);
        Assert.Empty((await selectA).Changed);

        var stored = Assert.Single((await store).Updated);
        Assert.Equal((new Uid(4), new ModSeq(11)), (stored.Uid!.Value, stored.ModSeq!.Value));

        var selectedB = await selectB;
        var b = selectedB.Mailbox;
        Assert.Equal(new UidValidity(8), b.UidValidity);
        Assert.Equal(new ModSeq(30), b.HighestModSeq);
        Assert.Equal(6u, b.Exists);
        Assert.False(b.IsClosed);
        Assert.Empty(b.TakeUnsolicitedFetches());
        Assert.Equal("2:3", selectedB.Vanished.ToString());
        var change = Assert.Single(selectedB.Changed);
        Assert.Equal((new Uid(4), new ModSeq(29)), (change.Uid!.Value, change.ModSeq!.Value));

        var fetched = Assert.Single(await fetch);
        Assert.Equal(new Uid(4), fetched.Uid);
        Assert.Null(fetched.ModSeq);
        Assert.Same(b, client.Selected);
        Assert.Equal(ImapConnectionState.Selected, client.State);
    }

    [Fact]
    public async Task A_failed_select_leaves_no_mailbox_and_the_store_after_it_fails()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(
                ["SELECT a", "UID FETCH 1 (UID FLAGS)", "SELECT b", "UID STORE 1 +FLAGS (\\Deleted)", "NOOP"],
                [
                    "* 1 EXISTS",
                    "* OK [UIDVALIDITY 7] ok",
                    "{tag0} OK [READ-WRITE] a selected",
                    "* 1 FETCH (UID 1 FLAGS (\\Answered))",
                    "{tag1} OK fetched",
                    "* OK [CLOSED] a closed",
                    "{tag2} NO [NONEXISTENT] Mailbox doesn't exist: b",
                    "{tag3} BAD No mailbox selected",
                    "* 1 FETCH (UID 1 FLAGS (\\Seen))",
                    "{tag4} OK noop",
                ]));
        await using var client = await Connect(server, depth: 8);

        var selectA = client.SelectAsync(new MailboxName("a"));
        var fetch = client.FetchListAsync(UidSet.Parse("1"), new FetchRequest { Flags = true });
        var selectB = client.SelectAsync(new MailboxName("b"));
        var store = client.StoreAsync(UidSet.Parse("1"), StoreAction.Add, ["\\Deleted"]);
        var noop = client.NoopAsync();

        var a = (await selectA.WaitAsync(s_limit)).Mailbox;
        Assert.Equal(new Uid(1), Assert.Single(await fetch.WaitAsync(s_limit)).Uid);
        var failed = await Assert.ThrowsAsync<ImapCommandException>(() => selectB.WaitAsync(s_limit));
        Assert.Equal(ResponseCodeKind.Nonexistent, failed.Code!.Kind);
        var refused = await Assert.ThrowsAsync<ImapCommandException>(() => store.WaitAsync(s_limit));
        Assert.Equal(ImapStatus.Bad, refused.Status);
        await noop.WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([5], server.ReceivedWhenReplying);
        Assert.True(a.IsClosed);
        Assert.Null(client.Selected);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        // The FETCH after the failed SELECT belongs to no mailbox: not a's, which the server left.
        Assert.Empty(a.TakeUnsolicitedFetches());
    }

    [Fact]
    public async Task Data_read_while_an_earlier_command_is_in_flight_stays_in_the_earlier_selection()
    {
        // No [CLOSED] (QRESYNC not enabled): only the order of completions tells the selections apart.
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(
                ["SELECT a", "UID FETCH 1:2 (UID FLAGS)", "SELECT b", "NOOP"],
                [
                    "* 2 EXISTS",
                    "{tag0} OK [READ-WRITE] a selected",
                    "* 1 FETCH (UID 1 FLAGS ())",
                    "* 3 EXISTS",
                    "* 3 FETCH (UID 7 FLAGS (\\Seen))",
                    "* 2 FETCH (UID 2 FLAGS ())",
                    "{tag1} OK fetched",
                    "* 10 EXISTS",
                    "* OK [UIDVALIDITY 9] ok",
                    "{tag2} OK [READ-ONLY] b selected",
                    "* 11 EXISTS",
                    "{tag3} OK noop",
                ]));
        await using var client = await Connect(server, depth: 8);
        var selectA = client.SelectAsync(new MailboxName("a"));
        var fetch = client.FetchListAsync(UidSet.Parse("1:2"), new FetchRequest { Flags = true });
        var selectB = client.SelectAsync(new MailboxName("b"));
        var noop = client.NoopAsync();
        await Task.WhenAll(selectA, fetch, selectB, noop).WaitAsync(s_limit);

        var a = (await selectA).Mailbox;
        var b = (await selectB).Mailbox;
        Assert.Equal(3u, a.Exists);
        Assert.Equal(new Uid(7), Assert.Single(a.TakeUnsolicitedFetches()).Uid);
        Assert.Equal([new Uid(1), new Uid(2)], (await fetch).Select(f => f.Uid!.Value));
        Assert.Equal(11u, b.Exists);
        Assert.True(b.ReadOnly);
        Assert.False(a.ReadOnly);
        Assert.Equal(new UidValidity(9), b.UidValidity);
        Assert.Null(a.UidValidity);
        Assert.Same(b, client.Selected);
    }

    [Fact]
    public async Task Selected_switches_when_the_replies_say_so_not_when_select_is_sent()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("SELECT a", "* 1 EXISTS", "{tag} OK [READ-WRITE] a selected"),
            new Exchange(
                ["NOOP", "SELECT b", "NOOP"],
                ["* 2 EXISTS", "{tag0} OK noop", "* 4 EXISTS", "{tag1} OK [READ-WRITE] b selected", "* 5 EXISTS", "{tag2} OK noop"]));
        await using var client = await Connect(server, depth: 8);
        var a = (await client.SelectAsync(new MailboxName("a")).WaitAsync(s_limit)).Mailbox;
        var first = client.NoopAsync();
        var selectB = client.SelectAsync(new MailboxName("b"));
        // SELECT b is sent, but nothing after it has been read (the server waits for the next NOOP).
        Assert.Same(a, client.Selected);
        Assert.False(a.IsClosed);
        var second = client.NoopAsync();
        await Task.WhenAll(first, selectB, second).WaitAsync(s_limit);

        var b = (await selectB).Mailbox;
        Assert.Same(b, client.Selected);
        Assert.True(a.IsClosed);
        Assert.Equal(2u, a.Exists);
        Assert.Equal(5u, b.Exists);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task Unselect_and_close_are_pipelined_and_leave_no_mailbox()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(
                ["SELECT a", "UNSELECT", "SELECT b", "CLOSE", "STATUS b (MESSAGES)"],
                [
                    "{tag0} OK [READ-WRITE] a",
                    "{tag1} OK unselected",
                    "* 2 EXISTS",
                    "{tag2} OK [READ-WRITE] b",
                    "{tag3} OK closed",
                    "* STATUS b (MESSAGES 2)",
                    "{tag4} OK status",
                ]));
        await using var client = await Connect(server, depth: 8);
        var selectA = client.SelectAsync(new MailboxName("a"));
        var unselect = client.UnselectAsync();
        var selectB = client.SelectAsync(new MailboxName("b"));
        var close = client.CloseAsync();
        var status = client.StatusAsync(new MailboxName("b"), StatusItems.Messages);
        await Task.WhenAll(selectA, unselect, selectB, close, status).WaitAsync(s_limit);

        Assert.Equal([5], server.ReceivedWhenReplying);
        Assert.True((await selectA).Mailbox.IsClosed);
        Assert.True((await selectB).Mailbox.IsClosed);
        Assert.Equal(2u, (await selectB).Mailbox.Exists);
        Assert.Equal(2u, (await status).Messages);
        Assert.Null(client.Selected);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
    }
}
