using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Dovecot;
using Xunit.Abstractions;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// Messages another client moved on one real Dovecot (many into a child of another folder, one back to
/// INBOX; one flagged after its move, another's twin marked unread on the other side meanwhile): the run
/// moves them the same way on the other Dovecot, with UID MOVE or, where MOVE is turned off, UID COPY and
/// UID EXPUNGE, instead of downloading and uploading them again: the bytes through the proxies stay
/// under 1% of what moved, and both sides end up alike.
/// </summary>
public sealed class DovecotMoveReplayTests(ITestOutputHelper output)
{
    private const string User = TwoDovecots.User;
    private const int Moved = 12;

    [Theory]
    [InlineData(SyncSide.Remote, true)]
    [InlineData(SyncSide.Local, true)]
    [InlineData(SyncSide.Remote, false)]
    [InlineData(SyncSide.Local, false)]
    public async Task Moved_messages_are_moved_on_the_other_server_transferring_under_1_percent_of_their_bytes(SyncSide movedOn, bool otherHasMove)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        var noMove = new ServerFeatures { QResync = true, CondStore = true, ListExtended = true, ListStatus = true, MultiAppend = true, UidPlus = true, ObjectId = true, Move = false };
        if (!otherHasMove && movedOn == SyncSide.Local)
        {
            proxied.RemoteMask = noMove;
        }
        else if (!otherHasMove)
        {
            proxied.LocalMask = noMove;
        }

        var db = servers.Work.File("state.db");
        var options = new SyncOptions();
        var body = new string('x', 256 * 1024); // a folder of attachments: 12 messages of 256 KB moved
        await servers.Local.CreateMailboxAsync(User, "work");
        await servers.Local.CreateMailboxAsync(User, "work/2024");
        await servers.Local.AppendAsync(User, "INBOX", Enumerable.Range(0, Moved + 2).Select(i => SeedMessage.Simple($"i{i}@x", body: body)));
        await servers.Local.AppendAsync(User, "work", SeedMessage.Simple("w@x"));
        var first = await proxied.SyncAsync(db, options);
        Assert.Empty(first.Errors);

        var (mover, other) = movedOn == SyncSide.Local ? (servers.Local, servers.Remote) : (servers.Remote, servers.Local);
        var inbox = await mover.FetchMessagesAsync(User, "INBOX");
        var movedUids = inbox.Where(m => m.MessageId != "<i0@x>" && m.MessageId != "<i1@x>").Select(m => m.Uid).ToList();
        var movedBytes = inbox.Where(m => movedUids.Contains(m.Uid)).Sum(m => m.Size);
        await mover.MoveAsync(User, "INBOX", movedUids, Name(mover, "work/2024"));
        var work = await mover.FetchMessagesAsync(User, Name(mover, "work"));
        await mover.MoveAsync(User, Name(mover, "work"), [work.Single().Uid], "INBOX");
        var flagged = (await mover.FetchMessagesAsync(User, Name(mover, "work/2024"))).Single(m => m.MessageId == "<i2@x>");
        await mover.AddFlagsAsync(User, Name(mover, "work/2024"), [flagged.Uid], ["\\Flagged"]);
        var unread = (await other.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == "<i3@x>");
        await other.AddFlagsAsync(User, "INBOX", [unread.Uid], ["$Important"]);
        var before = Traffic(proxied);

        var summary = await proxied.SyncAsync(db, options);

        var traffic = Traffic(proxied) - before;
        output.WriteLine($"moved on {movedOn.Name()} (MOVE on the other side: {otherHasMove}): {traffic} bytes through the proxies for {movedBytes} bytes moved");
        Assert.Empty(summary.Errors);
        Assert.Equal(Moved + 1, summary.MessagesMoved);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.True(traffic < movedBytes / 100, $"{traffic} bytes through the proxies after moves of {movedBytes} bytes");
        var local = await servers.AssertConvergedAsync(db);
        Assert.Equal(Moved, local.Count(l => l.StartsWith("work/2024: <i", StringComparison.Ordinal)));
        Assert.Single(local, l => l.StartsWith("work/2024: <i2@x>", StringComparison.Ordinal) && l.EndsWith("[\\Flagged]", StringComparison.Ordinal));
        Assert.Single(local, l => l.StartsWith("work/2024: <i3@x>", StringComparison.Ordinal) && l.EndsWith("[$Important]", StringComparison.Ordinal));
        Assert.Single(local, l => l.StartsWith("INBOX: <w@x>", StringComparison.Ordinal));
        Assert.Equal(2, local.Count(l => l.StartsWith("INBOX: <i", StringComparison.Ordinal)));
        using (var state = SyncStateStore.Open(db))
        {
            Assert.All(state.GetMailboxes(), m => Assert.Empty(state.GetCopyIntents(m.Id)));
        }

        // The run after has nothing left to do.
        var next = await proxied.SyncAsync(db, options);
        Assert.Empty(next.Errors);
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.MessagesMoved + next.Expunges + next.FlagUpdates);
    }

    private static string Name(DovecotServer server, string name) => name.Replace('/', server.HierarchySeparator);

    private static long Traffic(ProxiedDovecots p) =>
        p.LocalProxy.BytesToServer + p.LocalProxy.BytesToClient + p.RemoteProxy.BytesToServer + p.RemoteProxy.BytesToClient;
}
