using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A message another client moved between two mailboxes on one side is moved the same way on the other
/// (UID MOVE, or COPY + EXPUNGE without MOVE), not fetched and appended again; where the move cannot be
/// told for sure, or replayed, it is synchronized as before (an expunge and a copy), never lost.
/// </summary>
public sealed class MoveReplayTests
{
    private static readonly string[] BodyTransfers = ["FETCH BODY", "APPEND"];

    [Theory]
    [InlineData(SyncSide.Local, true)]
    [InlineData(SyncSide.Remote, true)]
    [InlineData(SyncSide.Local, false)]
    [InlineData(SyncSide.Remote, false)]
    public async Task A_message_moved_on_one_side_is_moved_on_the_other_not_copied(SyncSide movedOn, bool otherHasMove)
    {
        using var h = await SettledAsync();
        if (movedOn == SyncSide.Local)
        {
            h.RemoteFeatures = h.RemoteFeatures with { Move = otherHasMove };
        }
        else
        {
            h.LocalFeatures = h.LocalFeatures with { Move = otherHasMove };
        }

        var (mover, other) = Servers(h, movedOn);
        mover.Move("INBOX", UidOf(mover, "INBOX", "i1"), Name(mover, "work/2024"));

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Equal(0, summary.Expunges);
        var log = movedOn == SyncSide.Local ? h.LastRemote!.Log : h.LastLocal!.Log;
        Assert.Contains(otherHasMove ? "UID MOVE" : "UID COPY", log);
        Assert.DoesNotContain(h.LastLocal!.Log.Concat(h.LastRemote!.Log), BodyTransfers.Contains);
        Assert.Contains("i1 [\\Seen]", Texts(other, Name(other, "work/2024")));
        Assert.DoesNotContain(Texts(other, "INBOX"), m => m.StartsWith("i1", StringComparison.Ordinal));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Many_messages_moved_both_ways_across_the_hierarchy_are_all_replayed()
    {
        using var h = await SettledAsync();
        foreach (var text in new[] { "i0", "i2", "i3" })
        {
            h.Local.Move("INBOX", UidOf(h.Local, "INBOX", text), "work/2024");
        }

        h.Remote.Move("work", UidOf(h.Remote, "work", "w1"), "INBOX");
        h.Remote.Move("work", UidOf(h.Remote, "work", "w2"), "work.2024");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(5, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.DoesNotContain(h.LastLocal!.Log.Concat(h.LastRemote!.Log), BodyTransfers.Contains);
        Assert.Equal(["i0 [\\Seen]", "i2 [\\Seen]", "i3 [\\Seen]", "w2 []", "y1 []"], Texts(h.Remote, "work.2024"));
        Assert.Equal(["i0 [\\Seen]", "i2 [\\Seen]", "i3 [\\Seen]", "w2 []", "y1 []"], Texts(h.Local, "work/2024"));
        Assert.Equal(["i1 [\\Seen]", "w1 []"], Texts(h.Local, "INBOX"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Flags_changed_on_either_side_during_the_move_are_merged_as_usual()
    {
        using var h = await SettledAsync();
        var moved = h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i1"), "work");
        h.Local["work"].SetFlags(moved, ["\\Seen", "\\Flagged"]);          // the moved message flagged on local
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i2"), "work");
        h.Remote["INBOX"].SetFlags(UidOf(h.Remote, "INBOX", "i2"), []);    // its twin marked unread on remote
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i3"), "work");
        h.Local["work"].SetFlags(UidOf(h.Local, "work", "i3"), ["\\Answered"]);
        h.Remote["INBOX"].SetFlags(UidOf(h.Remote, "INBOX", "i3"), ["\\Seen", "$Label1"]); // both changed: union

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(3, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        var expected = new[] { "i1 [\\Flagged \\Seen]", "i2 []", "i3 [$Label1 \\Answered \\Seen]", "w1 []", "w2 []" };
        Assert.Equal(expected, Texts(h.Remote, "work"));
        Assert.Equal(expected, Texts(h.Local, "work"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Moved_on_one_side_while_deleted_on_the_other_is_copied_not_lost()
    {
        using var h = await SettledAsync();
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i1"), "work");
        h.Remote["INBOX"].Expunge(UidOf(h.Remote, "INBOX", "i1"));

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(0, summary.MessagesMoved);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        Assert.Contains("i1 [\\Seen]", Texts(h.Remote, "work"));
        h.AssertConverged();
    }

    [Fact]
    public async Task Without_COPYUID_the_moved_message_is_found_by_fingerprint_not_copied()
    {
        using var h = await SettledAsync();
        h.RemoteFeatures = h.RemoteFeatures with { UidPlus = false }; // MOVE without COPYUID
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i1"), "work");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Contains("UID MOVE", h.LastRemote!.Log);
        Assert.Contains(h.Events, e => e.Message.Contains("already on remote mapped, not copied again", StringComparison.Ordinal));
        Assert.Contains("i1 [\\Seen]", Texts(h.Remote, "work"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task An_expunge_and_new_mail_in_the_same_mailbox_cost_no_look_for_moves()
    {
        using var h = await SettledAsync();
        h.Local["INBOX"].Expunge(UidOf(h.Local, "INBOX", "i1"));
        h.Local.Deliver("INBOX", "Message-ID: <n@x>\r\n\r\nn");
        h.Remote["work"].SetFlags(UidOf(h.Remote, "work", "w1"), ["\\Seen"]); // a second mailbox in the wave

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal((1, 1, 0), (summary.Expunges, summary.MessagesCopiedToRemote, summary.MessagesMoved));
        Assert.DoesNotContain("UID FETCH FINGERPRINT", h.LastRemote!.Log); // no twin read
        Assert.Single(h.LastLocal!.Log, "UID FETCH FINGERPRINT");           // the copy's sizes only
        h.AssertConverged();
    }

    [Fact]
    public async Task Moved_the_same_way_on_both_sides_only_the_pair_follows()
    {
        using var h = await SettledAsync();
        var local = h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i1"), "work/2024");
        h.Local["work/2024"].SetFlags(local, ["\\Seen", "\\Flagged"]);
        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "i1"), "work.2024");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesAdopted);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote + summary.MessagesMoved + summary.Expunges);
        Assert.Equal(["i1 [\\Flagged \\Seen]", "y1 []"], Texts(h.Remote, "work.2024"));
        Assert.Equal(["i1 [\\Flagged \\Seen]", "y1 []"], Texts(h.Local, "work/2024"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task Moved_to_different_mailboxes_on_each_side_is_copied_to_both_without_loss()
    {
        using var h = await SettledAsync();
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i1"), "work");
        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "i1"), "work.2024");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(0, summary.MessagesMoved + summary.MessagesAdopted);
        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        Assert.Contains("i1 [\\Seen]", Texts(h.Remote, "work"));
        Assert.Contains("i1 [\\Seen]", Texts(h.Local, "work/2024"));
        h.AssertConverged();
    }

    [Fact]
    public async Task Look_alikes_moved_to_different_mailboxes_are_not_taken_for_moves_and_are_synchronized_as_before()
    {
        using var h = await SettledAsync();
        // The same message (Message-ID, size, date) twice in INBOX, moved to two mailboxes: which went where is not certain.
        h.Local.Deliver("INBOX", "Message-ID: <twin@x>\r\n\r\ntwin");
        h.Local.Deliver("INBOX", "Message-ID: <twin@x>\r\n\r\ntwin", "\\Flagged");
        await h.SyncAsync();
        var twins = h.Local["INBOX"].Messages.Values.Where(m => m.Text.EndsWith("twin", StringComparison.Ordinal)).Select(m => m.Uid).ToList();
        h.Local.Move("INBOX", twins[0], "work");
        h.Local.Move("INBOX", twins[1], "work/2024");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(0, summary.MessagesMoved);
        Assert.Equal(2, summary.MessagesCopiedToRemote);
        Assert.Equal(2, summary.Expunges);
        Assert.Contains("twin []", Texts(h.Remote, "work"));
        Assert.Contains("twin [\\Flagged]", Texts(h.Remote, "work.2024"));
        Assert.DoesNotContain(Texts(h.Remote, "INBOX"), m => m.StartsWith("twin", StringComparison.Ordinal));
        h.AssertConverged();
    }

    [Fact]
    public async Task Without_MOVE_or_UIDPLUS_on_the_other_side_a_move_is_an_expunge_and_a_copy()
    {
        using var h = await SettledAsync();
        h.RemoteFeatures = h.RemoteFeatures with { Move = false, UidPlus = false };
        h.Local.Move("INBOX", UidOf(h.Local, "INBOX", "i1"), "work");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(0, summary.MessagesMoved);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        h.AssertConverged();
    }

    [Fact]
    public async Task Without_lanes_a_move_is_an_expunge_and_a_copy_as_before()
    {
        using var h = await SettledAsync();
        h.Lanes = false;
        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "i1"), "work");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(0, summary.MessagesMoved);
        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Contains("i1 [\\Seen]", Texts(h.Local, "work"));
        h.AssertConverged();
    }

    [Fact]
    public async Task A_move_into_a_mailbox_created_meanwhile_is_replayed_there()
    {
        using var h = await SettledAsync();
        h.Remote.Move("INBOX", UidOf(h.Remote, "INBOX", "i1"), "archive");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Equal(["i1 [\\Seen]"], Texts(h.Local, "archive"));
        h.AssertConverged();
    }

    internal static async Task<SyncHarness> SettledAsync()
    {
        var h = new SyncHarness(inMemoryDirectory: true) { Lanes = true };
        for (var i = 0; i < 4; i++)
        {
            h.Local.Deliver("INBOX", $"Message-ID: <i{i}@x>\r\n\r\ni{i}", "\\Seen");
        }

        h.Local.Deliver("work", "Message-ID: <w1@x>\r\n\r\nw1");
        h.Local.Deliver("work", "Message-ID: <w2@x>\r\n\r\nw2");
        h.Remote.Deliver("work.2024", "Message-ID: <y1@x>\r\n\r\ny1");
        var first = await h.SyncAsync();
        Assert.Empty(first.Errors);
        h.Events.Clear();
        return h;
    }

    internal static uint UidOf(FakeServer server, string mailbox, string text) =>
        server[mailbox].Messages.Values.Single(m => m.Text.EndsWith("\r\n\r\n" + text, StringComparison.Ordinal)).Uid;

    // "body [flags]" lines without the header, sorted.
    internal static List<string> Texts(FakeServer server, string mailbox) =>
        [.. server.Snapshot(mailbox).Select(m => m[(m.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).Order(StringComparer.Ordinal)];

    private static string Name(FakeServer server, string name) => server.Delimiter is { } d ? name.Replace('/', d) : name;

    private static (FakeServer Mover, FakeServer Other) Servers(SyncHarness h, SyncSide movedOn) =>
        movedOn == SyncSide.Local ? (h.Local, h.Remote) : (h.Remote, h.Local);

    // The run after a replayed move has nothing left to do.
    private static async Task AssertQuietAsync(SyncHarness h)
    {
        var next = await h.SyncAsync();
        Assert.Empty(next.Errors);
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.Expunges + next.FlagUpdates + next.MessagesMoved);
        h.AssertConverged();
    }
}
