using Imap.Sync.Engine;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A message that left one mailbox and arrived in another is replayed as a move whatever path the run
/// takes: mailboxes in different waves of lanes (more changed mailboxes than a wave holds), or a large
/// copy on extra connections (one mailbox per pair). The account's changes are then read before the
/// waves; with every changed mailbox in one wave (the common case) they are not, and each mailbox is
/// selected once per side, as before.
/// </summary>
public sealed class MovesAcrossWavesTests
{
    private static readonly string[] BodyTransfers = ["FETCH BODY", "APPEND"];
    private static readonly string[] Boxes = ["INBOX", "work", "work/2024", "later"];

    [Fact]
    public async Task A_move_between_mailboxes_of_different_waves_is_replayed_not_copied()
    {
        using var h = await SettledAsync();
        h.Options = h.Options with { LanesPerWave = 1 };
        // INBOX runs in the first wave, "later" in the last: the message left a mailbox whose wave ends
        // before the one it went to starts.
        var moved = h.Local.Move("INBOX", MoveReplayTests.UidOf(h.Local, "INBOX", "i1"), "later");
        h.Local["later"].SetFlags(moved, ["\\Seen", "\\Flagged"]);
        h.Remote.Move("later", MoveReplayTests.UidOf(h.Remote, "later", "l1"), "INBOX");
        h.Remote.Deliver("work", "Message-ID: <new@x>\r\n\r\nnew");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(2, summary.MessagesMoved);
        Assert.Equal(1, summary.MessagesCopiedToLocal); // only the new message
        Assert.Equal(0, summary.MessagesCopiedToRemote);
        Assert.DoesNotContain(h.LastRemote!.Log, BodyTransfers.Contains);
        Assert.Contains("UID MOVE", h.LastRemote.Log);
        Assert.Contains("UID MOVE", h.LastLocal!.Log);
        Assert.Contains("i1 [\\Flagged \\Seen]", MoveReplayTests.Texts(h.Remote, "later"));
        Assert.Contains("l1 []", MoveReplayTests.Texts(h.Local, "INBOX"));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Fact]
    public async Task A_move_during_a_large_copy_on_extra_connections_is_replayed_not_copied()
    {
        using var h = await SettledAsync();
        h.Options = h.Options with { LargeCopyMessages = 5 };
        h.ConnectionsInFlight = 2;
        for (var i = 0; i < 6; i++)
        {
            h.Local.Deliver("work/2024", $"Message-ID: <bulk{i}@x>\r\n\r\nbulk{i}");
        }

        h.Remote.Move("INBOX", MoveReplayTests.UidOf(h.Remote, "INBOX", "i2"), "work");

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesMoved);
        Assert.Equal(6, summary.MessagesCopiedToRemote);
        Assert.Equal(0, summary.MessagesCopiedToLocal);
        Assert.Contains("i2 [\\Seen]", MoveReplayTests.Texts(h.Local, "work"));
        Assert.DoesNotContain(MoveReplayTests.Texts(h.Local, "INBOX"), t => t.StartsWith("i2", StringComparison.Ordinal));
        h.AssertConverged();
        await AssertQuietAsync(h);
    }

    [Theory]
    [InlineData(4, 1)] // one wave: no account-wide read
    [InlineData(1, 2)] // a wave each: every changed mailbox is read before the waves, then by its pass
    public async Task The_account_is_read_before_the_waves_only_when_its_changed_mailboxes_do_not_fit_one(int lanesPerWave, int selectsPerMailbox)
    {
        using var h = await SettledAsync();
        h.Options = h.Options with { LanesPerWave = lanesPerWave };
        foreach (var box in Boxes)
        {
            h.Local.Deliver(box, $"Message-ID: <n-{box}@x>\r\n\r\nn-{box}");
        }

        var summary = await h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(Boxes.Length, summary.MessagesCopiedToRemote);
        Assert.Equal(Boxes.Length * selectsPerMailbox, h.LastLocal!.Log.Count(op => op.StartsWith("SELECT", StringComparison.Ordinal)));
        Assert.Equal(Boxes.Length * selectsPerMailbox, h.LastRemote!.Log.Count(op => op.StartsWith("SELECT", StringComparison.Ordinal)));
        h.AssertConverged();
    }

    // The settled account of MoveReplayTests, and a mailbox "later" that sorts after the others.
    private static async Task<SyncHarness> SettledAsync()
    {
        var h = await MoveReplayTests.SettledAsync();
        h.Remote.Create("later");
        h.Remote.Deliver("later", "Message-ID: <l1@x>\r\n\r\nl1");
        Assert.Empty((await h.SyncAsync()).Errors);
        h.Events.Clear();
        return h;
    }

    private static async Task AssertQuietAsync(SyncHarness h)
    {
        var next = await h.SyncAsync();
        Assert.Empty(next.Errors);
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.MessagesMoved + next.Expunges + next.FlagUpdates);
    }
}
