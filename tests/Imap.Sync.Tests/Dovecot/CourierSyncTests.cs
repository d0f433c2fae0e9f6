using Imap.Sync.Tests.Fakes;
using Imap.Testing;
using Imap.Testing.Courier;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Dovecot ('/', folders at the top level) against a real Courier-IMAP 5 through a PREAUTH tunnel:
/// no CONDSTORE or QRESYNC (the full-scan tier), no MULTIAPPEND, LITERAL+, MOVE or LIST-EXTENDED, no
/// [UIDNEXT] in SELECT, folders under <c>INBOX.</c>. The scenarios that run against Cyrus, read back
/// from both servers.
/// </summary>
public sealed class CourierSyncTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Dovecot_and_Courier_converge_both_ways_and_a_second_run_changes_nothing()
    {
        var (dovecot, courier) = await StartAsync();
        await using var d = dovecot;
        await using var c = courier;
        using var work = new TempDirectory();
        var db = work.File("courier.db");
        const string Lists = "INBOX.Lists";

        await dovecot.CreateMailboxAsync(User, "Projects/2026");
        await dovecot.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("d1", "\\Seen"), DovecotSyncTests.Seed("d2")]);
        await dovecot.AppendAsync(User, "Projects/2026", DovecotSyncTests.Seed("d3", "\\Flagged", "$Label1"));
        await courier.CreateMailboxAsync(User, Lists);
        await courier.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("c1", "\\Answered"));
        await courier.AppendAsync(User, Lists, [DovecotSyncTests.Seed("c2"), DovecotSyncTests.Seed("c3", "Work")]);

        var first = await CourierSync.RunAsync(dovecot, courier, db);
        Assert.Empty(first.Errors);
        List<string> expected =
        [
            "INBOX: <c1@x> [\\Answered]", "INBOX: <d1@x> [\\Seen]", "INBOX: <d2@x> []", "Lists: <c2@x> []", "Lists: <c3@x> [Work]",
            "Projects/2026: <d3@x> [$Label1 \\Flagged]",
        ];
        await AssertBothAsync(dovecot, courier, expected);
        Assert.Contains("INBOX.Projects.2026", await courier.ListMailboxesAsync(User));
        Assert.Contains("Lists", await dovecot.ListMailboxesAsync(User));

        // Flags and keywords both ways, expunges both ways, new mail on both sides.
        var onCourier = (await courier.FetchMessagesAsync(User, "INBOX")).ToDictionary(m => m.MessageId!);
        var onDovecot = (await dovecot.FetchMessagesAsync(User, "Lists")).ToDictionary(m => m.MessageId!);
        var inboxOnDovecot = (await dovecot.FetchMessagesAsync(User, "INBOX")).ToDictionary(m => m.MessageId!);
        await courier.AddFlagsAsync(User, "INBOX", [onCourier["<d2@x>"].Uid], ["\\Seen", "$Done"]);
        await dovecot.ReplaceFlagsAsync(User, "Lists", [onDovecot["<c3@x>"].Uid], ["\\Flagged"]);
        await dovecot.AddFlagsAsync(User, "Lists", [onDovecot["<c2@x>"].Uid], ["Later"]);
        await courier.ExpungeAsync(User, "INBOX", [onCourier["<d1@x>"].Uid]);
        await dovecot.ExpungeAsync(User, "INBOX", [inboxOnDovecot["<c1@x>"].Uid]);
        await courier.AppendAsync(User, Lists, DovecotSyncTests.Seed("c4", "\\Draft"));
        await dovecot.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("d4", "$Label2"));
        var second = await CourierSync.RunAsync(dovecot, courier, db);
        Assert.Empty(second.Errors);
        expected =
        [
            "INBOX: <d2@x> [$Done \\Seen]", "INBOX: <d4@x> [$Label2]", "Lists: <c2@x> [Later]", "Lists: <c3@x> [\\Flagged]",
            "Lists: <c4@x> [\\Draft]", "Projects/2026: <d3@x> [$Label1 \\Flagged]",
        ];
        await AssertBothAsync(dovecot, courier, expected);

        // Nothing left to do: no copy, store or expunge, and both servers as they were.
        var quiet = await CourierSync.RunAsync(dovecot, courier, db);
        Assert.Empty(quiet.Errors);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges);
        await AssertBothAsync(dovecot, courier, expected);
    }

    [Fact]
    public async Task Killed_around_each_operation_of_a_sync_the_next_run_neither_loses_nor_duplicates()
    {
        var (dovecot, courier) = await StartAsync();
        await using var d = dovecot;
        await using var c = courier;
        using var work = new TempDirectory();
        var kills = 0;
        foreach (var after in new[] { false, true })
        {
            for (var killAt = 1; killAt < 100; killAt++)
            {
                var box = $"k{(after ? 'a' : 'b')}{killAt}";
                var onCourier = CourierServer.PersonalPrefix + box;
                var db = work.File(box + ".db");
                var options = new SyncOptions { ListMailbox = [box], AppendBatchMaxMessages = 1 };
                await dovecot.CreateMailboxAsync(User, box);
                await dovecot.AppendAsync(User, box, [DovecotSyncTests.Seed(box + "a", "\\Seen"), DovecotSyncTests.Seed(box + "b")]);
                await courier.CreateMailboxAsync(User, onCourier);
                await courier.AppendAsync(User, onCourier, DovecotSyncTests.Seed(box + "c", "Work"));

                // A first run copies; changes on both sides; a second run is killed; a third converges.
                await CourierSync.RunAsync(dovecot, courier, db, options: options);
                var copied = (await courier.FetchMessagesAsync(User, onCourier)).ToDictionary(m => m.MessageId!);
                await courier.AddFlagsAsync(User, onCourier, [copied[$"<{box}b@x>"].Uid], ["\\Flagged", "$Later"]);
                await courier.ExpungeAsync(User, onCourier, [copied[$"<{box}a@x>"].Uid]);
                await dovecot.AppendAsync(User, box, DovecotSyncTests.Seed(box + "d", "\\Answered"));
                await courier.AppendAsync(User, onCourier, DovecotSyncTests.Seed(box + "e"));
                var tripwire = new Tripwire { KillAt = killAt, AfterServerApplied = after };
                try
                {
                    await CourierSync.RunAsync(dovecot, courier, db, (s, _) => new HookedMailServer(s, tripwire), options);
                }
                catch (SimulatedKillException)
                {
                }

                await CourierSync.RunAsync(dovecot, courier, db, options: options);
                List<string> expected =
                [
                    $"{box}: <{box}b@x> [$Later \\Flagged]", $"{box}: <{box}c@x> [Work]", $"{box}: <{box}d@x> [\\Answered]", $"{box}: <{box}e@x> []",
                ];
                Assert.Equal(expected, await ReadBoxAsync(dovecot, box, box));
                Assert.Equal(expected, await ReadBoxAsync(courier, onCourier, box));
                if (!tripwire.Fired)
                {
                    break;
                }

                kills++;
            }
        }

        Assert.True(kills >= 10, $"only {kills} kill points");
    }

    internal static async Task<(DovecotServer Dovecot, CourierServer Courier)> StartAsync()
    {
        Assert.True(CourierServer.IsInstalled, "Courier is not unpacked: run test.sh");
        var dovecot = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        var courier = CourierServer.StartAsync();
        return (await dovecot, await courier);
    }

    /// <summary>"name: Message-ID [flags]" of one mailbox, like <see cref="CyrusSync.ReadBackAsync"/> for all.</summary>
    private static async Task<List<string>> ReadBoxAsync(LocalImapServer server, string mailbox, string name) =>
        [.. (await server.FetchMessagesAsync(User, mailbox))
            .Select(m => $"{name}: {m.MessageId} [{string.Join(' ', m.Flags.Where(f => f != "\\Recent").Order(StringComparer.Ordinal))}]")
            .Order(StringComparer.Ordinal)];

    internal static async Task AssertBothAsync(DovecotServer dovecot, CourierServer courier, List<string> expected)
    {
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(courier, CourierServer.PersonalPrefix));
    }
}
