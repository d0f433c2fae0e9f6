using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Kills the run that replays a rename at every server operation (before the server acts, and after it
/// acted but before we heard back: between the journaled intent and the RENAME, between the RENAME and
/// the renamed rows, and during the sync that follows), then lets the next runs finish. The end state
/// must equal that of an uninterrupted run: renamed once, nothing copied twice, nothing lost.
/// </summary>
public sealed class RenameCrashTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killed_anywhere_during_a_replayed_rename_the_next_run_converges_without_loss_or_duplicates(bool afterServerApplied)
    {
        List<string> expected;
        using (var reference = await PrepareAsync())
        {
            await reference.SyncAsync();
            expected = Outcome(reference);
        }

        Assert.Contains("local job/projects: nested []", expected);
        Assert.Contains("remote job: after, remote []", expected);
        var killedAt = await KillSweep.RunAsync(
            PrepareAsync, afterServerApplied, expected, Outcome, h => Assert.Empty(h.WithState(s => s.GetRenameIntents())), maxOperations: 200);

        Assert.Contains("RENAME", killedAt);
        Assert.Contains("APPEND", killedAt);
    }

    [Fact]
    public async Task A_journaled_rename_whose_RENAME_landed_is_finished_from_the_journal()
    {
        for (var killAt = 1; ; killAt++)
        {
            using var h = await PrepareAsync();
            var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = true };
            Assert.True(await h.SyncKilledAsync(tripwire), "the run never reached a RENAME");
            if (tripwire.FiredAt != "RENAME")
            {
                continue;
            }

            // Killed after the server renamed, before the rows were: the journal says what was under way.
            Assert.Single(h.WithState(s => s.GetRenameIntents()));
            Assert.True(h.Local.Mailboxes.ContainsKey("job/projects"));
            Assert.NotNull(h.WithState(s => s.FindMailbox("work")));

            h.Events.Clear();
            await h.SyncAsync();

            Assert.Contains(h.Events, e => e.Kind == SyncEventKind.MailboxRenamed && e.Message.Contains("finishing a rename an interrupted run made on local", StringComparison.Ordinal));
            Assert.DoesNotContain("RENAME", h.LastLocal!.Log);
            Assert.Null(h.WithState(s => s.FindMailbox("work")));
            Assert.Empty(h.WithState(s => s.GetRenameIntents()));
            h.AssertConverged();
            return;
        }
    }

    private static async Task<SyncHarness> PrepareAsync()
    {
        var h = new SyncHarness(inMemoryDirectory: true) { Options = new SyncOptions { AppendBatchMaxMessages = 1 } };
        h.Local.Deliver("work", "Message-ID: <w1@x>\r\n\r\nw1");
        h.Local.Deliver("work", "Message-ID: <w2@x>\r\n\r\nw2", "\\Seen");
        h.Local.Deliver("work/projects", "Message-ID: <n@x>\r\n\r\nnested");
        h.Remote.Deliver("INBOX", "Message-ID: <i@x>\r\n\r\ninbox");
        await h.SyncAsync();

        // Renamed on remote by another client, with new mail on both sides since.
        h.Remote.Rename("work", "job");
        h.Remote.Deliver("job", "Message-ID: <ra@x>\r\n\r\nafter, remote");
        h.Local.Deliver("work", "Message-ID: <la@x>\r\n\r\nafter, local", "\\Flagged");
        h.Local["work"].SetFlags(1, ["\\Answered"]); // w1
        h.Events.Clear();
        return h;
    }

    private static List<string> Outcome(SyncHarness h)
    {
        var lines = KillSweep.ServerLines(h);
        lines.AddRange(h.WithState(s => s.GetMailboxes().Select(m => "database " + m.Name.Replace('\0', '/')).ToList()));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
