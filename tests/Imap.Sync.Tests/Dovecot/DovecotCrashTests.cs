using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// The run is killed at successive operations of an initial copy, a flag sync and an expunge sync
/// between two real Dovecot servers (before the server acts, or after it acted but before we heard),
/// or cancelled through its CancellationToken; the next runs converge with nothing lost or duplicated.
/// Each attempt works on its own mailboxes (list-mailbox limits the run to them) and database, so one
/// pair of servers serves every attempt.
/// </summary>
public sealed class DovecotCrashTests
{
    private const string User = TwoDovecots.User;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killed_at_every_operation_of_a_flag_and_expunge_sync_the_next_run_converges(bool afterServerApplied)
    {
        await using var servers = await TwoDovecots.StartAsync();
        var killed = 0;
        var killedAt = new HashSet<string>();
        for (var killAt = 1; killAt < 200; killAt++)
        {
            var box = $"k{killAt}";
            var options = new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 2 };
            var db = servers.Work.File(box + ".db");
            await SeedAsync(servers, box);
            await DovecotSync.RunAsync(servers, db, options); // initial copy, uninterrupted
            await ChangeAsync(servers, box);

            var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = afterServerApplied };
            try
            {
                await DovecotSync.RunAsync(servers, db, options, (s, _) => new HookedMailServer(s, tripwire));
            }
            catch (SimulatedKillException)
            {
            }

            if (!tripwire.Fired && tripwire.Count < killAt)
            {
                break;
            }

            killed += tripwire.Fired ? 1 : 0;
            if (tripwire.FiredAt is { } operation)
            {
                killedAt.Add(operation);
            }

            await DovecotSync.RunAsync(servers, db, options);
            await DovecotSync.RunAsync(servers, db, options);
            var local = await servers.AssertConvergedAsync(db, box);
            Assert.Equal(Expected(box), local.Select(Short));
        }

        Assert.True(killed >= 3, $"only {killed} kill points");
        if (!afterServerApplied)
        {
            // Killed on the check that lets HIGHESTMODSEQ pass our writes. (After-reply kills there are
            // not certain: both sides' checks run at once and the tripwire counts operations globally.)
            Assert.Contains("FETCH CHANGES", killedAt);
        }
    }

    [Fact]
    public async Task Initial_copy_killed_around_each_operation_neither_loses_nor_duplicates()
    {
        await using var servers = await TwoDovecots.StartAsync();
        foreach (var after in new[] { true, false })
        {
            for (var killAt = 1; killAt < 200; killAt++)
            {
                var box = $"i{after}{killAt}";
                var options = new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 1 };
                var db = servers.Work.File(box + ".db");
                await SeedAsync(servers, box);
                var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = after };
                try
                {
                    await DovecotSync.RunAsync(servers, db, options, (s, _) => new HookedMailServer(s, tripwire));
                }
                catch (SimulatedKillException)
                {
                }

                if (!tripwire.Fired && tripwire.Count < killAt)
                {
                    break;
                }

                await DovecotSync.RunAsync(servers, db, options);
                var local = await servers.AssertConvergedAsync(db, box);
                Assert.Equal(Initial(box), local.Select(Short));
            }
        }
    }

    [Fact]
    public async Task Cancelled_mid_copy_the_next_run_converges()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        var big = Enumerable.Range(0, 40).Select(i => DovecotSyncTests.Seed("big" + i) with
        {
            Content = System.Text.Encoding.ASCII.GetBytes($"Message-ID: <big{i}@x>\r\nSubject: big\r\n\r\n{new string('x', 200_000)}\r\n"),
        });
        await servers.Local.AppendAsync(User, "INBOX", big);
        using var cancel = new CancellationTokenSource();
        var progress = new List<SyncEvent>();
        var run = DovecotSync.RunAsync(servers, db, new SyncOptions { AppendBatchMaxMessages = 3 }, events: progress, cancellationToken: cancel.Token);
        while (!run.IsCompleted && !Snapshot(progress).Any(e => e.Kind == SyncEventKind.MessagesCopied))
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True((await servers.Remote.FetchMessagesAsync(User, "INBOX")).Count < 40, "cancelled too late to test anything");

        await DovecotSync.RunAsync(servers, db);
        var remote = await servers.Remote.FetchMessagesAsync(User, "INBOX");
        Assert.Equal(40, remote.Count);
        Assert.Equal(40, remote.Select(m => m.MessageId).Distinct().Count());
        await servers.AssertConvergedAsync(db);
    }

    private static SyncEvent[] Snapshot(List<SyncEvent> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }

    private static string[] Initial(string box) =>
    [
        $"{box}/sub: <{box}f@x> []", $"{box}: <{box}a@x> [\\Seen]", $"{box}: <{box}b@x> [$Label1]", $"{box}: <{box}c@x> []",
        $"{box}: <{box}d@x> [\\Answered]", $"{box}: <{box}e@x> [\\Flagged]",
    ];

    private static string[] Expected(string box) =>
    [
        $"{box}/sub: <{box}f@x> []", $"{box}: <{box}b@x> [$Label1 \\Seen]", $"{box}: <{box}d@x> [\\Answered]",
        $"{box}: <{box}e@x> [\\Draft \\Flagged]", $"{box}: <{box}g@x> []",
    ];

    // "mailbox: <id> size date [flags]" without size and date.
    private static string Short(string line)
    {
        var parts = line.Split(' ');
        return $"{parts[0]} {parts[1]} {line[line.LastIndexOf('[')..]}";
    }

    private static async Task SeedAsync(TwoDovecots servers, string box)
    {
        await servers.Local.CreateMailboxAsync(User, box);
        await servers.Remote.CreateMailboxAsync(User, box);
        await servers.Local.AppendAsync(User, box, [DovecotSyncTests.Seed(box + "a", "\\Seen"), DovecotSyncTests.Seed(box + "b", "$Label1"), DovecotSyncTests.Seed(box + "c")]);
        await servers.Remote.AppendAsync(User, box, [DovecotSyncTests.Seed(box + "d", "\\Answered"), DovecotSyncTests.Seed(box + "e", "\\Flagged")]);
        await servers.Local.CreateMailboxAsync(User, box + "/sub");
        await servers.Local.AppendAsync(User, box + "/sub", DovecotSyncTests.Seed(box + "f"));
    }

    private static async Task ChangeAsync(TwoDovecots servers, string box)
    {
        var local = (await servers.Local.FetchMessagesAsync(User, box)).ToDictionary(m => m.MessageId!);
        var remote = (await servers.Remote.FetchMessagesAsync(User, box)).ToDictionary(m => m.MessageId!);
        await servers.Local.ExpungeAsync(User, box, [local[$"<{box}a@x>"].Uid]);
        await servers.Remote.ReplaceFlagsAsync(User, box, [remote[$"<{box}b@x>"].Uid], ["$Label1", "\\Seen"]);
        await servers.Local.ReplaceFlagsAsync(User, box, [local[$"<{box}e@x>"].Uid], ["\\Draft", "\\Flagged"]);
        await servers.Remote.ExpungeAsync(User, box, [remote[$"<{box}c@x>"].Uid]);
        await servers.Remote.AppendAsync(User, box, DovecotSyncTests.Seed(box + "g"));
    }
}
