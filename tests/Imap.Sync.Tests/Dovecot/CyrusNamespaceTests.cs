using Imap.Sync.State;
using Imap.Testing;
using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Dovecot ('/', folders at the top level) against Cyrus 3.6 with <c>altnamespace: no</c> ('.', folders
/// under <c>INBOX.</c>) with <c>personal-namespace = auto</c>: Cyrus <c>INBOX.x</c> pairs with Dovecot
/// <c>x</c>. Everything is read back from both servers.
/// </summary>
public sealed class CyrusNamespaceTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Folders_under_INBOX_on_Cyrus_pair_with_top_level_folders_on_Dovecot_both_ways()
    {
        await using var servers = await StartAsync();
        var (dovecot, cyrus) = (servers.Dovecot, servers.Cyrus);
        using var work = new TempDirectory();
        var db = work.File("ns.db");

        await dovecot.CreateMailboxAsync(User, "Projects/2026");
        await dovecot.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("d1", "\\Seen"), DovecotSyncTests.Seed("d2")]);
        await dovecot.AppendAsync(User, "Projects/2026", DovecotSyncTests.Seed("d3", "\\Flagged"));
        await cyrus.CreateMailboxAsync(User, "INBOX.Lists.dev");
        await cyrus.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("c1", "\\Answered"));
        await cyrus.AppendAsync(User, "INBOX.Lists", [DovecotSyncTests.Seed("c2"), DovecotSyncTests.Seed("c3")]);
        await cyrus.AppendAsync(User, "INBOX.Lists.dev", DovecotSyncTests.Seed("c4", "$Label1"));

        var first = await SyncAsync(servers, db);
        Assert.Empty(first.Errors);
        List<string> expected =
        [
            "INBOX: <c1@x> [\\Answered]", "INBOX: <d1@x> [\\Seen]", "INBOX: <d2@x> []", "Lists/dev: <c4@x> [$Label1]",
            "Lists: <c2@x> []", "Lists: <c3@x> []", "Projects/2026: <d3@x> [\\Flagged]",
        ];
        await AssertBothAsync(servers, expected);
        Assert.Contains("INBOX.Projects.2026", await cyrus.ListMailboxesAsync(User));
        Assert.DoesNotContain(await dovecot.ListMailboxesAsync(User), n => n.StartsWith("INBOX/", StringComparison.Ordinal));
        Assert.All(await cyrus.ListMailboxesAsync(User), n => Assert.True(n == "INBOX" || n.StartsWith("INBOX.", StringComparison.Ordinal), n));
        using (var state = SyncStateStore.Open(db))
        {
            Assert.Equal("INBOX.", state.GetNamespacePrefix(SyncSide.Remote));
            Assert.Equal("", state.GetNamespacePrefix(SyncSide.Local));
            Assert.Contains("Lists\0" + "dev", state.GetMailboxes().Select(m => m.Name));
        }

        // Flags and expunges both ways, new mail, and a new folder on each side.
        var onCyrus = (await cyrus.FetchMessagesAsync(User, "INBOX.Lists")).ToDictionary(m => m.MessageId!);
        var onDovecot = (await dovecot.FetchMessagesAsync(User, "Projects/2026")).ToDictionary(m => m.MessageId!);
        await cyrus.AddFlagsAsync(User, "INBOX.Lists", [onCyrus["<c2@x>"].Uid], ["\\Flagged"]);
        await cyrus.ExpungeAsync(User, "INBOX.Lists", [onCyrus["<c3@x>"].Uid]);
        await dovecot.ReplaceFlagsAsync(User, "Projects/2026", [onDovecot["<d3@x>"].Uid], ["\\Seen"]);
        await cyrus.CreateMailboxAsync(User, "INBOX.new");
        await cyrus.AppendAsync(User, "INBOX.new", DovecotSyncTests.Seed("c5"));
        await dovecot.CreateMailboxAsync(User, "fresh/sub");
        await dovecot.AppendAsync(User, "fresh/sub", DovecotSyncTests.Seed("d4", "\\Draft"));
        await SyncAsync(servers, db);
        expected =
        [
            "INBOX: <c1@x> [\\Answered]", "INBOX: <d1@x> [\\Seen]", "INBOX: <d2@x> []", "Lists/dev: <c4@x> [$Label1]",
            "Lists: <c2@x> [\\Flagged]", "Projects/2026: <d3@x> [\\Seen]", "fresh/sub: <d4@x> [\\Draft]", "new: <c5@x> []",
        ];
        await AssertBothAsync(servers, expected);
        Assert.Contains("new", await dovecot.ListMailboxesAsync(User));
        Assert.Contains("INBOX.fresh.sub", await cyrus.ListMailboxesAsync(User));

        // --rename and --delete take the neutral names and reach INBOX.x on Cyrus.
        await SyncAsync(servers, db, e => e.RenameMailboxAsync("Lists", "Archive"));
        await SyncAsync(servers, db, e => e.DeleteMailboxesAsync(["new"]));
        Assert.Contains("INBOX.Archive.dev", await cyrus.ListMailboxesAsync(User));
        Assert.DoesNotContain("INBOX.new", await cyrus.ListMailboxesAsync(User));
        Assert.DoesNotContain("new", await dovecot.ListMailboxesAsync(User));
        expected =
        [
            "Archive/dev: <c4@x> [$Label1]", "Archive: <c2@x> [\\Flagged]", "INBOX: <c1@x> [\\Answered]", "INBOX: <d1@x> [\\Seen]",
            "INBOX: <d2@x> []", "Projects/2026: <d3@x> [\\Seen]", "fresh/sub: <d4@x> [\\Draft]",
        ];
        await AssertBothAsync(servers, expected);

        // Nothing left to do.
        var quiet = await SyncAsync(servers, db);
        Assert.Empty(quiet.Errors);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges);
        await AssertBothAsync(servers, expected);
    }

    [Fact]
    public async Task An_interimap_database_keeps_its_names_and_a_changed_prefix_stops_the_run()
    {
        await using var servers = await StartAsync();
        var (dovecot, cyrus) = (servers.Dovecot, servers.Cyrus);
        using var work = new TempDirectory();

        // A database the real interimap wrote: names as listed, no record.
        var interimap = Interimap(servers, work.Path);
        await cyrus.CreateMailboxAsync(User, "INBOX.Lists");
        await cyrus.AppendAsync(User, "INBOX.Lists", DovecotSyncTests.Seed("c1"));
        var (exit, output) = await interimap.RunAsync();
        Assert.True(exit == 0, output);
        var legacy = interimap.DatabasePath;
        await cyrus.AppendAsync(User, "INBOX.Lists", DovecotSyncTests.Seed("c2"));
        await cyrus.CreateMailboxAsync(User, "INBOX.other");
        await cyrus.AppendAsync(User, "INBOX.other", DovecotSyncTests.Seed("c3"));
        var run = await SyncAsync(servers, legacy);
        Assert.Empty(run.Errors);
        Assert.Equal(["INBOX", "INBOX/Lists", "INBOX/other"], await dovecot.ListMailboxesAsync(User));
        Assert.Equal(2, (await dovecot.FetchMessagesAsync(User, "INBOX/Lists")).Count);
        using (var state = SyncStateStore.Open(legacy))
        {
            Assert.Null(state.GetNamespacePrefix(SyncSide.Remote));
            Assert.Equal(["INBOX", "INBOX\0" + "Lists", "INBOX\0" + "other"], state.GetMailboxes().Select(m => m.Name).Order(StringComparer.Ordinal));
        }

        // A database that recorded "INBOX." against a Cyrus now at altnamespace yes (prefix ""): refused.
        var recorded = work.File("recorded.db");
        await SyncAsync(servers, recorded, options: new SyncOptions { Mailboxes = ["INBOX"] });
        await using var reconfigured = await CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', AltNamespace = true, Tls = false });
        await reconfigured.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("r1"));
        await reconfigured.CreateMailboxAsync(User, "elsewhere");
        await dovecot.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("d9"));
        var before = Dump(recorded);
        var dovecotBefore = await CyrusSync.ReadBackAsync(dovecot, "");
        var ex = await Assert.ThrowsAsync<SyncException>(() => SyncAsync(servers with { Cyrus = reconfigured }, recorded));
        Assert.Equal(SyncSide.Remote, ex.Side);
        Assert.Contains("remote", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"INBOX.\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prefix is \"\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Dump(recorded));
        Assert.Equal(["<r1@x>"], (await reconfigured.FetchMessagesAsync(User, "INBOX")).Select(m => m.MessageId));
        Assert.Equal(["INBOX", "elsewhere"], await reconfigured.ListMailboxesAsync(User));
        Assert.Equal(dovecotBefore, await CyrusSync.ReadBackAsync(dovecot, ""));
    }

    [Fact]
    public async Task Interimap_refuses_a_database_that_recorded_a_prefix_before_it_changes_a_server()
    {
        await using var servers = await StartAsync();
        var (dovecot, cyrus) = (servers.Dovecot, servers.Cyrus);
        using var work = new TempDirectory();
        var interimap = Interimap(servers, work.Path);
        await dovecot.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("d1"));
        await SyncAsync(servers, interimap.DatabasePath);
        await cyrus.CreateMailboxAsync(User, "INBOX.Lists");
        await cyrus.AppendAsync(User, "INBOX.Lists", DovecotSyncTests.Seed("c1"));
        var before = Dump(interimap.DatabasePath);

        // interimap reads INBOX.Lists as "INBOX<NUL>Lists", new to it: it inserts the row first, and is stopped there.
        var (exit, output) = await interimap.RunAsync();
        Assert.NotEqual(0, exit);
        Assert.Contains("interimap would misread them", output, StringComparison.Ordinal);
        Assert.Equal(["INBOX"], await dovecot.ListMailboxesAsync(User));
        Assert.Equal(before, Dump(interimap.DatabasePath));

        // We carry on: Cyrus INBOX.Lists lands as Dovecot Lists.
        await SyncAsync(servers, interimap.DatabasePath);
        Assert.Single(await dovecot.FetchMessagesAsync(User, "Lists"));
    }

    /// <summary>The real interimap between the two, Cyrus over plain IMAP with a login.</summary>
    private static InterImapRunner Interimap(Servers servers, string workDirectory)
    {
        var runner = new InterImapRunner(servers.Dovecot, null, User, workDirectory, $"""
            [remote]
            type = imap
            host = {servers.Cyrus.Host}
            port = {servers.Cyrus.Port}
            STARTTLS = NO
            username = {User}
            password = {servers.Cyrus.PasswordOf(User)}
            compress = NO
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(runner.DatabasePath)!);
        return runner;
    }

    private static async Task<Servers> StartAsync()
    {
        Assert.True(CyrusServer.IsInstalled, "Cyrus is not unpacked: run test.sh");
        var dovecot = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        var cyrus = CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', AltNamespace = false, Tls = false });
        return new Servers(await dovecot, await cyrus);
    }

    private static async Task<SyncSummary> SyncAsync(Servers servers, string db, Func<SyncEngine, Task<SyncSummary>>? action = null, SyncOptions? options = null)
    {
        using var state = SyncStateStore.Open(db);
        await using var l = await CyrusSync.OpenAsync(servers.Dovecot);
        await using var r = await CyrusSync.OpenAsync(servers.Cyrus);
        var engine = new SyncEngine(state, l, r, options ?? new SyncOptions());
        return action is null ? await engine.SyncAsync() : await action(engine);
    }

    private static async Task AssertBothAsync(Servers servers, List<string> expected)
    {
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(servers.Dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(servers.Cyrus, "INBOX."));
    }

    private static List<string> Dump(string db)
    {
        using var state = SyncStateStore.Open(db);
        var lines = new List<string> { $"prefixes {state.GetNamespacePrefix(SyncSide.Local)}|{state.GetNamespacePrefix(SyncSide.Remote)}" };
        lines.AddRange(state.GetMailboxes().Select(m => $"{m.Name.Replace('\0', '/')} {m.Subscribed} {state.GetSideStates(m.Id)} {string.Join(',', state.GetMappings(m.Id))}"));
        return lines;
    }

    private sealed record Servers(DovecotServer Dovecot, CyrusServer Cyrus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Dovecot.DisposeAsync();
            await Cyrus.DisposeAsync();
        }
    }
}
