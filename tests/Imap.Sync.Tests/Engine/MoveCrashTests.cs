using Imap.Sync.Engine;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Kills the run that replays moves at every server operation (before the server acts, and after it
/// acted but before we heard back: before the journaled MOVE, between the MOVE, or the COPY, STORE and
/// EXPUNGE that stand for it, and the commit, and during the sync that follows), then lets the next runs
/// finish, with the mailboxes in one wave or each in its own (moves then found before the waves). The end state must equal that of an uninterrupted run: nothing copied twice, nothing lost.
/// </summary>
public sealed class MoveCrashTests
{
    [Theory]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    public async Task Killed_anywhere_during_a_replayed_move_the_next_run_converges_without_loss_or_duplicates(bool afterServerApplied, bool withMove, bool waveEach)
    {
        List<string> expected;
        using (var reference = await PrepareAsync(withMove, waveEach))
        {
            var summary = await reference.SyncAsync();
            Assert.Equal(3, summary.MessagesMoved);
            expected = Outcome(reference);
        }

        var killedAt = await KillSweep.RunAsync(
            () => PrepareAsync(withMove, waveEach),
            afterServerApplied,
            expected,
            Outcome,
            h => Assert.All(h.WithState(s => s.GetMailboxes().Select(m => s.GetCopyIntents(m.Id).Count).ToList()), n => Assert.Equal(0, n)),
            maxOperations: 300);

        Assert.Contains(withMove ? "UID MOVE" : "UID COPY", killedAt);
        if (!withMove)
        {
            Assert.Contains("UID EXPUNGE", killedAt);
        }
    }

    [Fact]
    public async Task Killed_after_the_MOVE_landed_the_next_run_pairs_the_moved_message_instead_of_copying_it()
    {
        for (var killAt = 1; ; killAt++)
        {
            using var h = await PrepareAsync(withMove: true);
            var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = true };
            Assert.True(await h.SyncKilledAsync(tripwire), "the run never reached a UID MOVE");
            if (tripwire.FiredAt != "UID MOVE")
            {
                continue;
            }

            // The journal says what was under way: the moved messages are looked for, not copied again.
            Assert.NotEmpty(h.WithState(s => s.GetMailboxes().SelectMany(m => s.GetCopyIntents(m.Id)).ToList()));
            var summary = await h.SyncAsync();

            Assert.Empty(summary.Errors);
            Assert.Equal(0, summary.MessagesCopiedToRemote); // the first MOVE replays a local move on remote
            Assert.Equal(1, summary.MessagesCopiedToLocal);  // only the new message
            Assert.Contains(h.Events, e => e.Message.Contains("already on remote mapped, not copied again", StringComparison.Ordinal));
            h.AssertConverged();
            return;
        }
    }

    // waveEach: every mailbox in a wave of its own, so the moves are found before the waves, across them.
    private static async Task<SyncHarness> PrepareAsync(bool withMove, bool waveEach = false)
    {
        var h = await MoveReplayTests.SettledAsync();
        h.Options = h.Options with { LanesPerWave = waveEach ? 1 : LaneWaves.MaxLanes };
        h.RemoteFeatures = h.RemoteFeatures with { Move = withMove };
        h.LocalFeatures = h.LocalFeatures with { Move = withMove };
        var moved = h.Local.Move("INBOX", MoveReplayTests.UidOf(h.Local, "INBOX", "i1"), "work");
        h.Local["work"].SetFlags(moved, ["\\Seen", "\\Flagged"]);
        h.Local.Move("INBOX", MoveReplayTests.UidOf(h.Local, "INBOX", "i2"), "work/2024");
        h.Remote.Move("work", MoveReplayTests.UidOf(h.Remote, "work", "w1"), "INBOX");
        h.Remote.Deliver("INBOX", "Message-ID: <new@x>\r\n\r\nnew");
        return h;
    }

    private static List<string> Outcome(SyncHarness h) => [.. KillSweep.ServerLines(h).Order(StringComparer.Ordinal)];
}
