using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Fakes;
using static Imap.Sync.Tests.Engine.MoveReplayTests;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Where a server gives each message an id that stays with it across a move (EMAILID, X-GM-MSGID), a
/// message moved there is recognized by the id recorded with its pair: moved even without a Message-ID,
/// and look-alikes are told apart. Where the moving side has no ids (or none was recorded), the
/// fingerprint decides as before.
/// </summary>
public sealed class EmailIdMoveTests
{
    private static readonly string[] BodyTransfers = ["FETCH BODY", "APPEND"];

    public static TheoryData<string> IdKinds => ["EMAILID", "X-GM-MSGID"];

    [Theory]
    [MemberData(nameof(IdKinds))]
    public async Task A_message_without_Message_ID_moved_on_the_side_with_ids_is_moved_not_copied(string kind)
    {
        using var h = Harness(local: kind);
        h.Local.Deliver("INBOX", "Subject: no id\r\n\r\nplain", "\\Seen");
        h.Local.Deliver("work", "Subject: no id\r\n\r\nother");
        await SettleAsync(h);

        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "plain"), "work");
        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote + summary.Expunges);
        Assert.DoesNotContain(h.LastLocal!.Log.Concat(h.LastRemote!.Log), BodyTransfers.Contains);
        Assert.Equal(["other []", "plain [\\Seen]"], Texts(h.Remote, "work"));
        Assert.Empty(h.Remote["INBOX"].Messages);
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Without_ids_on_the_moving_side_a_message_without_Message_ID_is_an_expunge_and_a_copy()
    {
        using var h = Harness(local: "EMAILID");
        h.Remote.Deliver("INBOX", "Subject: no id\r\n\r\nplain");
        h.Remote.Create("work");
        await SettleAsync(h);

        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "plain"), "work");
        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal((0, 1, 1), (summary.MessagesMoved, summary.MessagesCopiedToLocal, summary.Expunges));
        Assert.Equal(["plain []"], Texts(h.Local, "work"));
        h.AssertConverged();
    }

    [Fact]
    public async Task Look_alikes_moved_to_different_mailboxes_each_go_where_their_twin_went()
    {
        using var h = Harness(local: "EMAILID");
        h.Local.Deliver("INBOX", "Message-ID: <twin@x>\r\n\r\ntwin");
        h.Local.Deliver("INBOX", "Message-ID: <twin@x>\r\n\r\ntwin", "\\Flagged");
        h.Local.Create("work");
        h.Local.Create("archive");
        await SettleAsync(h);

        var twins = h.Local["INBOX"].Messages.Values.OrderBy(m => m.Uid).ToList();
        h.Local.Move("INBOX", twins[0].Uid, "work");
        h.Local.Move("INBOX", twins[1].Uid, "archive");
        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(2, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote + summary.Expunges);
        Assert.Equal(["twin []"], Texts(h.Remote, "work"));
        Assert.Equal(["twin [\\Flagged]"], Texts(h.Remote, "archive"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Ids_are_recorded_for_copied_messages_on_both_servers_and_follow_each_move()
    {
        using var h = Harness(local: "EMAILID", remote: "EMAILID");
        h.Local.Deliver("INBOX", "Subject: a\r\n\r\nfrom-local");
        h.Remote.Deliver("INBOX", "Subject: b\r\n\r\nfrom-remote");
        h.Local.Create("work");
        await SettleAsync(h);

        // Both ids of both pairs: the source's from the body's FETCH, the target's read after the copy.
        var inbox = h.WithState(s => s.FindMailbox("INBOX")!.Id);
        var local = h.WithState(s => s.GetEmailIds(inbox, SyncSide.Local, s.GetMappings(inbox).Select(p => p.LocalUid)));
        var remote = h.WithState(s => s.GetEmailIds(inbox, SyncSide.Remote, s.GetMappings(inbox).Select(p => p.LocalUid)));
        Assert.Equal(h.Local["INBOX"].Messages.Values.Select(m => m.EmailId).Order(), local.Values.Order());
        Assert.Equal(h.Remote["INBOX"].Messages.Values.Select(m => m.EmailId).Order(), remote.Values.Order());

        // Moved on the side it was copied to, then back on the other: each time by its id.
        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "from-local"), "work");
        var first = await h.SyncAsync();
        h.Local.Move("work", UidOf(h.Local, "work", "from-local"), "INBOX");
        var second = await h.SyncAsync();

        Assert.Equal((1, 1), (first.MessagesMoved, second.MessagesMoved));
        Assert.Equal(0, first.MessagesCopiedToLocal + first.MessagesCopiedToRemote + second.MessagesCopiedToLocal + second.MessagesCopiedToRemote);
        Assert.Equal(["from-local []", "from-remote []"], Texts(h.Remote, "INBOX"));
        h.AssertConverged();
    }

    [Fact]
    public async Task Moved_the_same_way_on_both_sides_without_Message_ID_is_paired_by_both_ids()
    {
        using var h = Harness(local: "EMAILID", remote: "X-GM-MSGID");
        h.Local.Deliver("INBOX", "Subject: no id\r\n\r\nplain");
        h.Local.Deliver("INBOX", "Subject: no id\r\n\r\nother");
        h.Local.Create("work");
        await SettleAsync(h);

        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "plain"), "work");
        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "plain"), "work");
        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesAdopted);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote + summary.MessagesMoved + summary.Expunges);
        Assert.Equal(["plain []"], Texts(h.Remote, "work"));
        Assert.Equal(["plain []"], Texts(h.Local, "work"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Pairs_recorded_before_ids_were_kept_still_move_by_fingerprint()
    {
        using var h = Harness();
        h.Local.Deliver("INBOX", "Message-ID: <old@x>\r\n\r\nold");
        h.Local.Create("work");
        await SettleAsync(h);

        h.LocalFeatures = h.LocalFeatures with { ObjectId = true }; // e.g. the server upgraded since
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "old"), "work");
        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesMoved);
        Assert.Equal(["old []"], Texts(h.Remote, "work"));
        h.AssertConverged();
    }

    [Fact]
    public async Task Without_ids_no_id_is_asked_for_or_recorded()
    {
        using var h = Harness();
        h.Local.Deliver("INBOX", "Message-ID: <a@x>\r\n\r\na");
        await SettleAsync(h);

        Assert.Equal(1, h.LastLocal!.Log.Count(o => o == "UID FETCH FINGERPRINT")); // the copy's sizes, no read of ids after it
        Assert.DoesNotContain("UID FETCH FINGERPRINT", h.LastRemote!.Log);
        var inbox = h.WithState(s => s.FindMailbox("INBOX")!.Id);
        Assert.Empty(h.WithState(s => s.GetEmailIds(inbox, SyncSide.Local, s.GetMappings(inbox).Select(p => p.LocalUid))));
    }

    private static SyncHarness Harness(string? local = null, string? remote = null) =>
        new(inMemoryDirectory: true)
        {
            Lanes = true,
            LocalFeatures = WithIds(FakeMailServer.AllFeatures, local),
            RemoteFeatures = WithIds(FakeMailServer.AllFeatures, remote),
        };

    private static ServerFeatures WithIds(ServerFeatures features, string? kind) => kind switch
    {
        "EMAILID" => features with { ObjectId = true },
        "X-GM-MSGID" => features with { GmailExtensions = true },
        _ => features,
    };

    private static async Task SettleAsync(SyncHarness h)
    {
        Assert.Empty((await h.SyncAsync()).Errors);
        h.Events.Clear();
    }

    private static async Task AssertQuietAsync(SyncHarness h)
    {
        var next = await h.SyncAsync();
        Assert.Empty(next.Errors);
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.Expunges + next.FlagUpdates + next.MessagesMoved);
        h.AssertConverged();
    }
}
