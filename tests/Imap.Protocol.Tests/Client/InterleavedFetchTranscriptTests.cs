using System.Text;
using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// A server that runs pipelined commands in parallel (Dovecot does) interleaves their untagged FETCH
/// answers and may finish a later command first: every command still gets its own data, once.
/// </summary>
public class InterleavedFetchTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private static readonly Exchange s_select = new("SELECT INBOX", "* 10 EXISTS", "{tag} OK [READ-WRITE] selected");

    [Fact]
    public async Task Two_fetches_of_one_uid_each_get_an_answer_when_the_later_completes_first()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID FETCH 2 (UID FLAGS)", "UID FETCH 2 (UID FLAGS)"],
            [
                "* 1 FETCH (UID 2 FLAGS (\\Seen))",
                "{tag1} OK second done",
                "* 1 FETCH (UID 2 FLAGS (\\Seen))",
                "{tag0} OK first done",
            ]));
        await using var client = await ConnectSelected(server);

        var first = client.FetchListAsync(UidSet.Parse("2"), new FetchRequest { Flags = true });
        var second = client.FetchListAsync(UidSet.Parse("2"), new FetchRequest { Flags = true });
        await Task.WhenAll(first, second).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(2u, Assert.Single(await first).Uid!.Value.Value);
        Assert.Equal(2u, Assert.Single(await second).Uid!.Value.Value);
        // The second copy answered a command that already had one: kept as unsolicited, not given twice.
        Assert.Equal([2u], client.Selected!.TakeUnsolicitedFetches().Select(f => f.Uid!.Value.Value));
    }

    [Fact]
    public async Task Interleaved_answers_of_two_fetches_and_a_condstore_store_reach_each_command()
    {
        const string Header = "Message-ID: <b@x>\r\n\r\n";
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(
            [
                "UID FETCH 1:3 (UID FLAGS)",
                "UID FETCH 2 (UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])",
                "UID STORE 7 (UNCHANGEDSINCE 10) FLAGS.SILENT ($x)",
            ],
            [
                // The second FETCH's answer comes first; it carries FLAGS, so it answers the first FETCH too.
                $"* 2 FETCH (UID 2 FLAGS (\\Seen) BODY[HEADER.FIELDS (MESSAGE-ID)] {{{Header.Length}}}\r\n{Header})",
                // CONDSTORE: a silent STORE still reports the new MODSEQ, unasked.
                "* 7 FETCH (UID 7 MODSEQ (12))",
                "* 1 FETCH (UID 1 FLAGS ())",
                // The first FETCH's own answer for UID 2: it has one already.
                "* 2 FETCH (UID 2 FLAGS (\\Seen))",
                // Another session changed a message nobody asked about.
                "* 9 FETCH (UID 9 FLAGS ($other) MODSEQ (13))",
                "{tag1} OK header fetched",
                "{tag2} OK stored",
                "* 3 FETCH (UID 3 FLAGS (\\Flagged))",
                "{tag0} OK flags fetched",
            ]));
        await using var client = await ConnectSelected(server);

        var flags = client.FetchListAsync(UidSet.Parse("1:3"), new FetchRequest { Flags = true });
        var header = client.FetchListAsync(UidSet.Parse("2"), new FetchRequest { Flags = true, BodyItems = ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"] });
        var store = client.StoreAsync(UidSet.Parse("7"), StoreAction.Replace, ["$x"], new ModSeq(10), silent: true);
        await Task.WhenAll(flags, header, store).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([1, 4], server.ReceivedWhenReplying);
        var byUid = (await flags).ToDictionary(f => f.Uid!.Value.Value);
        Assert.Equal([1u, 2u, 3u], byUid.Keys.Order());
        Assert.True(byUid[1].Flags!.Value.IsEmpty);
        Assert.Contains(ImapFlag.Seen, byUid[2].Flags!.Value);
        Assert.Contains(ImapFlag.Flagged, byUid[3].Flags!.Value);

        var withHeader = Assert.Single(await header);
        Assert.Equal(2u, withHeader.Uid!.Value.Value);
        Assert.Equal(Header, Encoding.ASCII.GetString(withHeader.GetBody(section: "HEADER.FIELDS (MESSAGE-ID)")!.Data!.Value.Span));

        var stored = await store;
        Assert.True(stored.Modified.IsEmpty);
        var modSeq = Assert.Single(stored.Updated);
        Assert.Equal((7u, 12ul), (modSeq.Uid!.Value.Value, modSeq.ModSeq!.Value.Value));

        Assert.Equal([2u, 9u], client.Selected!.TakeUnsolicitedFetches().Select(f => f.Uid!.Value.Value));
    }

    [Fact]
    public async Task A_silent_store_waits_for_a_fetch_of_its_messages_and_a_disjoint_one_does_not()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID FETCH 1:3 (UID FLAGS)", "UID STORE 5 +FLAGS.SILENT ($a)"],
            [
                "* 1 FETCH (UID 1 FLAGS ())",
                "{tag1} OK stored",
                "{tag0} OK fetched",
            ]),
            new Exchange("UID STORE 3 +FLAGS.SILENT ($a)", "* 3 FETCH (UID 3 MODSEQ (20))", "{tag} OK stored"));
        var trace = new ClientTraceLog();
        await using var client = await ConnectSelected(server, trace.Add);

        var fetch = client.FetchListAsync(UidSet.Parse("1:3"), new FetchRequest { Flags = true });
        var disjoint = client.StoreAsync(UidSet.Parse("5"), StoreAction.Add, ["$a"], silent: true);
        var overlapping = client.StoreAsync(UidSet.Parse("3"), StoreAction.Add, ["$a"], silent: true);
        await Task.WhenAll(fetch, disjoint, overlapping).WaitAsync(s_limit);

        Assert.Null(server.Error);
        // Both first commands were on the wire together; the STORE of UID 3 only after the FETCH ended.
        Assert.Equal([1, 3, 4], server.ReceivedWhenReplying);
        trace.AssertBefore("OK fetched", "UID STORE 3 ");
        Assert.Equal(1u, Assert.Single(await fetch).Uid!.Value.Value);
        Assert.Equal(20ul, Assert.Single((await overlapping).Updated).ModSeq!.Value.Value);
    }

    [Fact]
    public async Task A_fetch_that_sets_seen_waits_for_a_fetch_of_the_same_message()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange("UID FETCH 4 (UID FLAGS)", "* 1 FETCH (UID 4 FLAGS ())", "{tag} OK fetched"),
            new Exchange("UID FETCH 4 (UID BODY[TEXT])", "* 1 FETCH (UID 4 BODY[TEXT] {2}\r\nhi FLAGS (\\Seen))", "{tag} OK text fetched"));
        var trace = new ClientTraceLog();
        await using var client = await ConnectSelected(server, trace.Add);

        var flags = client.FetchListAsync(UidSet.Parse("4"), new FetchRequest { Flags = true });
        var text = client.FetchListAsync(UidSet.Parse("4"), new FetchRequest { BodyItems = ["BODY[TEXT]"] });
        await Task.WhenAll(flags, text).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([1, 2, 3], server.ReceivedWhenReplying);
        trace.AssertBefore("OK fetched", "UID FETCH 4 (UID BODY[TEXT])");
        Assert.True(Assert.Single(await flags).Flags!.Value.IsEmpty);
        Assert.Equal("hi", Encoding.ASCII.GetString(Assert.Single(await text).GetBody(section: "TEXT")!.Data!.Value.Span));
    }
}
