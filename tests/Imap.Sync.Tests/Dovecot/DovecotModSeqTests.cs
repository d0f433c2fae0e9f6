using Imap.Sync.Tests.Fakes;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Between two real Dovecot servers: a run right after one that wrote to both sides (copies, flag
/// changes and expunges both ways) sends no SELECT or EXAMINE at all, yet another client's change made
/// while we wrote (before our writes, or around the check that follows them) still reaches the other side.
/// </summary>
public sealed class DovecotModSeqTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task The_run_after_a_writing_run_selects_no_mailbox_and_changes_nothing()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        await SeedAsync(servers);
        await DovecotSync.RunAsync(servers, db);
        Assert.Equal(0, await CountSelectsAsync(servers, db)); // after the first copy (it wrote to both sides)

        await ChangeBothSidesAsync(servers);
        var checks = new List<string>();
        var writing = await DovecotSync.RunAsync(servers, db, trace: line =>
        {
            if (line.StartsWith("C: ", StringComparison.Ordinal) && line.Contains(" UID FETCH ", StringComparison.Ordinal) && line.Contains("CHANGEDSINCE", StringComparison.Ordinal))
            {
                lock (checks)
                {
                    checks.Add(line);
                }
            }
        });
        Assert.Empty(writing.Errors);
        // The check after our writes names no mapped UID: its answer is as long as the changes, not the mailbox.
        Assert.NotEmpty(checks);
        Assert.All(checks, line => Assert.Matches(@"^C: \S+ UID FETCH 1:\* \(UID FLAGS MODSEQ\) \(CHANGEDSINCE \d+ VANISHED\)", line));
        Assert.Equal(2, writing.MessagesCopiedToLocal + writing.MessagesCopiedToRemote);
        Assert.Equal(2, writing.FlagUpdates);
        Assert.Equal(2, writing.Expunges);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        var remote = await TwoDovecots.ReadBackAsync(servers.Remote);
        Assert.Equal(local, remote);
        await servers.AssertConvergedAsync(db);

        Assert.Equal(0, await CountSelectsAsync(servers, db));
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Local));
        Assert.Equal(remote, await TwoDovecots.ReadBackAsync(servers.Remote));
    }

    // "write": the other client acts after our SELECT, before our first write on that side, so our
    // writes get higher MODSEQs than its change. "check": it acts after our writes, just before the
    // check that decides whether the stored HIGHESTMODSEQ may move past them.
    [Theory]
    [InlineData(DovecotCapabilityProfile.Full, "write")]
    [InlineData(DovecotCapabilityProfile.WithoutQresync, "write")]
    [InlineData(DovecotCapabilityProfile.Full, "check")]
    public async Task Another_clients_change_while_we_write_reaches_the_other_side(DovecotCapabilityProfile profile, string when)
    {
        var operations = when == "check" ? ["FETCH CHANGES"] : ChangeInjector.Writes;
        await using var servers = await TwoDovecots.StartAsync(profile, profile);
        var db = servers.Work.File("state.db");
        await SeedAsync(servers);
        await DovecotSync.RunAsync(servers, db);
        await ChangeBothSidesAsync(servers);
        var localL1 = Uid(await servers.Local.FetchMessagesAsync(User, "INBOX"), "<l1@x>");
        var remoteR2 = Uid(await servers.Remote.FetchMessagesAsync(User, "INBOX"), "<r2@x>");
        var fired = new HashSet<SyncSide>();

        async Task OtherClientAsync(SyncSide side, string op)
        {
            if (!operations.Contains(op) || !fired.Add(side))
            {
                return;
            }

            if (side == SyncSide.Local)
            {
                await servers.Local.ExpungeAsync(User, "INBOX", [localL1]);
            }
            else
            {
                await servers.Remote.ReplaceFlagsAsync(User, "INBOX", [remoteR2], ["\\Answered"]);
            }
        }

        var raced = await DovecotSync.RunAsync(servers, db, wrap: (s, side) => new HookedMailServer(s, null, null, op => OtherClientAsync(side, op)));
        Assert.Empty(raced.Errors);
        Assert.Equal(2, fired.Count);

        await DovecotSync.RunAsync(servers, db);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.DoesNotContain(local, l => l.Contains("<l1@x>", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("INBOX: <r2@x>", StringComparison.Ordinal) && l.EndsWith("[\\Answered]", StringComparison.Ordinal));
    }

    private static uint Uid(IReadOnlyList<StoredMessage> messages, string messageId) => messages.Single(m => m.MessageId == messageId).Uid;

    // A traced run: the number of SELECT and EXAMINE commands it sent, on every connection.
    private static async Task<int> CountSelectsAsync(TwoDovecots servers, string db)
    {
        var selects = 0;
        var summary = await DovecotSync.RunAsync(servers, db, trace: line =>
        {
            var words = line.Split(' ', 4);
            if (words is ["C:", _, var verb, ..] && (verb.Equals("SELECT", StringComparison.OrdinalIgnoreCase) || verb.Equals("EXAMINE", StringComparison.OrdinalIgnoreCase)))
            {
                Interlocked.Increment(ref selects);
            }
        });
        Assert.Empty(summary.Errors);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote + summary.FlagUpdates + summary.Expunges);
        return selects;
    }

    private static async Task SeedAsync(TwoDovecots servers)
    {
        await servers.Local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("l1", "\\Seen"), DovecotSyncTests.Seed("l2"), DovecotSyncTests.Seed("l3", "$Label1")]);
        await servers.Remote.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("r1", "\\Flagged"), DovecotSyncTests.Seed("r2"), DovecotSyncTests.Seed("r3")]);
        await servers.Local.CreateMailboxAsync(User, "work/sub");
        await servers.Local.AppendAsync(User, "work/sub", DovecotSyncTests.Seed("nested"));
    }

    // Each side: a new message, a flag change and an expunge, so the next pass copies, STOREs and
    // expunges on both sides.
    private static async Task ChangeBothSidesAsync(TwoDovecots servers)
    {
        var local = await servers.Local.FetchMessagesAsync(User, "INBOX");
        var remote = await servers.Remote.FetchMessagesAsync(User, "INBOX");
        await servers.Local.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("l4"));
        await servers.Remote.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("r4", "\\Seen"));
        await servers.Local.ReplaceFlagsAsync(User, "INBOX", [Uid(local, "<r1@x>")], ["\\Seen"]);
        await servers.Remote.ReplaceFlagsAsync(User, "INBOX", [Uid(remote, "<l2@x>")], ["$Todo"]);
        await servers.Local.ExpungeAsync(User, "INBOX", [Uid(local, "<l3@x>")]);
        await servers.Remote.ExpungeAsync(User, "INBOX", [Uid(remote, "<r3@x>")]);
    }
}
