using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Dovecot;
using Xunit.Abstractions;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// A folder with a child, renamed into a new parent by another client on one real Dovecot, with new mail
/// on both sides since: the run renames it on the other Dovecot instead of copying it, which the bytes
/// through the proxies show (under 1% of the folder's size), and both sides end up alike.
/// </summary>
public sealed class DovecotRenameReplayTests(ITestOutputHelper output)
{
    private const string User = TwoDovecots.User;

    [Theory]
    [InlineData(SyncSide.Remote)]
    [InlineData(SyncSide.Local)]
    public async Task A_renamed_folder_is_renamed_on_the_other_server_moving_under_1_percent_of_its_bytes(SyncSide renamedOn)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        var db = servers.Work.File("state.db");
        var options = new SyncOptions();
        var body = new string('x', 48 * 1024);
        await servers.Local.CreateMailboxAsync(User, "work");
        await servers.Local.CreateMailboxAsync(User, "work/projects");
        await servers.Local.AppendAsync(User, "work", Enumerable.Range(0, 40).Select(i => SeedMessage.Simple($"w{i}@x", body: body)));
        await servers.Local.AppendAsync(User, "work/projects", SeedMessage.Simple("p@x", body: body));
        var first = await proxied.SyncAsync(db, options);
        Assert.Empty(first.Errors);
        var folderBytes = first.BytesCopied;
        Assert.True(folderBytes > 40 * 48 * 1024, $"seeded {folderBytes} bytes");

        var (renamer, other) = renamedOn == SyncSide.Local ? (servers.Local, servers.Remote) : (servers.Remote, servers.Local);
        await renamer.RenameMailboxAsync(User, Name(renamer, "work"), Name(renamer, "archive/2024/work"));
        await renamer.AppendAsync(User, Name(renamer, "archive/2024/work"), SeedMessage.Simple("after-on-renamer@x"));
        await other.AppendAsync(User, Name(other, "work"), SeedMessage.Simple("after-on-other@x"));
        var before = Traffic(proxied);
        var events = new List<SyncEvent>();

        var summary = await proxied.SyncAsync(db, options, new Recorder(events));

        var moved = Traffic(proxied) - before;
        output.WriteLine($"renamed on {renamedOn.Name()}: {moved} bytes through the proxies for a folder of {folderBytes} bytes");
        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        Assert.True(moved < folderBytes / 100, $"{moved} bytes through the proxies after the rename of {folderBytes} bytes");
        Assert.Contains(events, e => e.Kind == SyncEventKind.MailboxRenamed && e.Side == renamedOn.Other()
            && e.Message == $"Renamed mailbox work to archive/2024/work (renamed on {renamedOn.Name()} by another client)");
        var otherList = await other.ListMailboxesAsync(User);
        Assert.Contains(Name(other, "archive/2024/work/projects"), otherList);
        Assert.DoesNotContain(Name(other, "work"), otherList);
        var local = await servers.AssertConvergedAsync(db);
        Assert.Equal(42, local.Count(l => l.StartsWith("archive/2024/work: ", StringComparison.Ordinal)));
        Assert.Single(local, l => l.StartsWith("archive/2024/work/projects: <p@x>", StringComparison.Ordinal));
        using var state = SyncStateStore.Open(db);
        Assert.Null(state.FindMailbox("work"));
        Assert.Empty(state.GetRenameIntents());
    }

    private static string Name(DovecotServer server, string name) => name.Replace('/', server.HierarchySeparator);

    private static long Traffic(ProxiedDovecots p) =>
        p.LocalProxy.BytesToServer + p.LocalProxy.BytesToClient + p.RemoteProxy.BytesToServer + p.RemoteProxy.BytesToClient;

    private sealed class Recorder(List<SyncEvent> events) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
