using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// Flag reads on the allocation-free path (<see cref="ImapClient.FetchFlagsAsync"/>, a SELECT's
/// <see cref="SelectOptions.OnChangedFlags"/>): each answer reaches its command as <see cref="FetchedFlags"/>
/// whether the read loop read it as a summary or typed, and a response another command wants typed still
/// reaches that command, once.
/// </summary>
public class FlagSummaryTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private static readonly Exchange s_select = new("SELECT INBOX", "* 10 EXISTS", "{tag} OK [READ-WRITE] selected");

    [Fact]
    public async Task A_changedsince_read_gives_every_flag_answer_and_its_vanished_uids()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange("UID FETCH 1:* (UID FLAGS MODSEQ) (CHANGEDSINCE 10 VANISHED)",
                "* VANISHED (EARLIER) 3:4",
                "* 1 FETCH (UID 1 MODSEQ (11) FLAGS (\\Seen $Label1))",
                "* 2 FETCH (FLAGS (\\Recent) UID 2 MODSEQ (12))",
                "* 5 FETCH (UID 6 FLAGS () MODSEQ (13))",
                // Read typed (an item a summary cannot hold), reduced to its flags.
                "* 6 FETCH (UID 7 FLAGS (\\Flagged) MODSEQ (14) X-GM-LABELS (\"x\"))",
                // No FLAGS: not an answer to a flag read, kept as unsolicited.
                "* 7 FETCH (UID 8 MODSEQ (15))",
                "{tag} OK done"));
        await using var client = await ConnectSelected(server);
        var unsolicited = new List<ImapResponse>();
        client.UntaggedResponse += (_, r) => unsolicited.Add(r);
        var received = new List<FetchedFlags>();
        var vanished = UidSet.Empty;

        await client.FetchFlagsAsync(UidSet.All, new FetchRequest
        {
            Flags = true,
            ModSeq = true,
            ChangedSince = new ModSeq(10),
            Vanished = true,
            OnVanished = v => vanished = vanished.Union(v),
        }, received.Add).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(
            ["1 11 \\Seen $Label1", "2 12 \\Recent", "6 13 ", "7 14 \\Flagged"],
            received.Select(f => $"{f.Uid} {f.ModSeq} {f.Flags}"));
        Assert.Equal(UidSet.Parse("3:4"), vanished);
        Assert.Equal([8u], client.Selected!.TakeUnsolicitedFetches().Select(f => f.Uid!.Value.Value));
        Assert.Equal(8u, Assert.IsType<FetchResponse>(Assert.Single(unsolicited, r => r is FetchResponse)).Uid!.Value.Value);
    }

    [Fact]
    public async Task A_flag_read_and_a_typed_fetch_of_the_same_message_each_get_its_answer_once()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID FETCH 1:2 (UID FLAGS)", "UID FETCH 2:3 (UID FLAGS)"],
            [
                "* 1 FETCH (UID 1 FLAGS (\\Seen))",
                "* 2 FETCH (UID 2 FLAGS ($a))",
                "* 3 FETCH (UID 3 FLAGS ())",
                // The other command's copy: both have had UID 2.
                "* 2 FETCH (UID 2 FLAGS ($a))",
                "{tag1} OK typed done",
                "{tag0} OK flags done",
            ]));
        await using var client = await ConnectSelected(server);
        var received = new List<FetchedFlags>();

        var flags = client.FetchFlagsAsync(UidSet.Parse("1:2"), new FetchRequest { Flags = true }, received.Add);
        var typed = client.FetchListAsync(UidSet.Parse("2:3"), new FetchRequest { Flags = true });
        await Task.WhenAll(flags, typed).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(["1 \\Seen", "2 $a"], received.Select(f => $"{f.Uid} {f.Flags}"));
        Assert.All(received, f => Assert.Null(f.ModSeq));
        Assert.Equal(["2 $a", "3 "], (await typed).Select(f => $"{f.Uid} {f.Flags}"));
        Assert.Equal([2u], client.Selected!.TakeUnsolicitedFetches().Select(f => f.Uid!.Value.Value));
    }

    [Fact]
    public async Task A_store_in_flight_with_a_flag_read_keeps_its_typed_answer()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select,
            new Exchange(["UID FETCH 1:3 (UID FLAGS MODSEQ)", "UID STORE 7 FLAGS ($x)"],
            [
                "* 7 FETCH (UID 7 FLAGS ($x) MODSEQ (12))",
                "* 1 FETCH (UID 1 FLAGS () MODSEQ (3))",
                "{tag1} OK stored",
                "{tag0} OK fetched",
            ]));
        await using var client = await ConnectSelected(server);
        var received = new List<FetchedFlags>();

        var flags = client.FetchFlagsAsync(UidSet.Parse("1:3"), new FetchRequest { Flags = true, ModSeq = true }, received.Add);
        var store = client.StoreAsync(UidSet.Parse("7"), StoreAction.Replace, ["$x"]);
        await Task.WhenAll(flags, store).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([1, 3], server.ReceivedWhenReplying); // both on the wire together
        Assert.Equal(["1 3 "], received.Select(f => $"{f.Uid} {f.ModSeq} {f.Flags}"));
        var updated = Assert.Single((await store).Updated);
        Assert.Equal((7u, 12ul, "$x"), (updated.Uid!.Value.Value, updated.ModSeq!.Value.Value, updated.Flags.ToString()));
        Assert.Empty(client.Selected!.TakeUnsolicitedFetches());
    }

    [Fact]
    public async Task A_qresync_select_gives_its_changes_as_summaries_and_not_the_fetch_after_it()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(["SELECT b (QRESYNC (8 20 1:6))", "UID FETCH 4 (UID FLAGS)"],
            [
                "* 5 EXISTS",
                "* OK [UIDVALIDITY 8] ok",
                "* OK [HIGHESTMODSEQ 31] ok",
                "* VANISHED (EARLIER) 2:3",
                "* 1 FETCH (UID 4 FLAGS (\\Seen $x) MODSEQ (29))",
                "* 2 FETCH (UID 5 FLAGS () MODSEQ (30) RFC822.SIZE 12)",
                "* 3 FETCH (UID 6 MODSEQ (31))",
                "{tag0} OK [READ-WRITE] b selected",
                "* 1 FETCH (UID 4 FLAGS (\\Seen $x))",
                "{tag1} OK fetched",
            ]));
        await using var client = await Connect(server, depth: 8);
        var changes = new List<FetchedFlags>();
        var read = new List<FetchedFlags>();

        var select = client.SelectAsync(new MailboxName("b"), new SelectOptions
        {
            QResync = new QResyncParameters(new UidValidity(8), new ModSeq(20), UidSet.Parse("1:6")),
            OnChangedFlags = changes.Add,
        });
        var fetch = client.FetchFlagsAsync(UidSet.Parse("4"), new FetchRequest { Flags = true }, read.Add);
        await Task.WhenAll(select, fetch).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(["4 29 \\Seen $x", "5 30 "], changes.Select(f => $"{f.Uid} {f.ModSeq} {f.Flags}"));
        var result = await select;
        Assert.Equal(6u, Assert.Single(result.Changed).Uid!.Value.Value); // no FLAGS: left typed
        Assert.Equal(UidSet.Parse("2:3"), result.Vanished);
        Assert.Equal(new ModSeq(31), result.Mailbox.HighestModSeq);
        Assert.Equal(["4 \\Seen $x"], read.Select(f => $"{f.Uid} {f.Flags}"));
        Assert.Empty(result.Mailbox.TakeUnsolicitedFetches());
    }

    [Fact]
    public async Task A_flag_read_refuses_items_a_summary_cannot_hold_before_sending()
    {
        await using var server = new ScriptedImapServer(Greeting, s_select, new Exchange("NOOP", "{tag} OK"));
        await using var client = await ConnectSelected(server);

        foreach (var request in new[]
        {
            new FetchRequest { Flags = true, Size = true },
            new FetchRequest { ModSeq = true },
            new FetchRequest { Flags = true, BodyItems = ["BODY.PEEK[]"] },
        })
        {
            // Thrown by the call itself, before anything is queued.
            var call = () => client.FetchFlagsAsync(UidSet.Parse("1"), request, _ => { });
            Assert.IsType<ArgumentException>(Record.Exception(() => { _ = call(); }));
        }
        await client.NoopAsync().WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(["SELECT INBOX", "NOOP"], server.Received);
    }
}
