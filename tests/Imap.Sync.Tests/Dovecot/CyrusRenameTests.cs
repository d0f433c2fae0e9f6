using Imap.Sync.State;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Renames made by another client on Cyrus (which reports MAILBOXID, RFC 8474, and gives a parent and a
/// child created in the same second the same UIDVALIDITY) and on Dovecot (no MAILBOXID: its UIDVALIDITY
/// and messages tell) are replayed on the other server, children and new parents included, and nothing
/// is copied again.
/// </summary>
public sealed class CyrusRenameTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Renames_on_Cyrus_and_on_Dovecot_are_replayed_without_copying()
    {
        await using var servers = await CyrusAndDovecot.StartAsync();
        var (dovecot, cyrus, prefix) = (servers.Dovecot, servers.Cyrus, servers.Prefix);
        await dovecot.CreateMailboxAsync(User, "Lists");
        await dovecot.CreateMailboxAsync(User, "Lists/sub");
        await dovecot.AppendAsync(User, "Lists", [DovecotSyncTests.Seed("l1"), DovecotSyncTests.Seed("l2", "\\Seen")]);
        await dovecot.AppendAsync(User, "Lists/sub", DovecotSyncTests.Seed("s1"));
        await servers.SyncAsync();
        await servers.SyncAsync(); // lists the MAILBOXIDs of the mailboxes the first run created
        using (var state = SyncStateStore.Open(servers.Database))
        {
            Assert.True(state.GetMailboxObjectIds().ContainsKey((state.FindMailbox("Lists")!.Id, SyncSide.Remote)));
        }

        await cyrus.RenameMailboxAsync(User, prefix + "Lists", prefix + "Archive.Lists");
        var fromCyrus = await servers.SyncAsync();
        Assert.Empty(fromCyrus.Errors);
        Assert.Equal(0, fromCyrus.MessagesCopiedToLocal + fromCyrus.MessagesCopiedToRemote);
        Assert.DoesNotContain("Lists", await dovecot.ListMailboxesAsync(User));
        var expected = new List<string> { "Archive/Lists/sub: <s1@x> []", "Archive/Lists: <l1@x> []", "Archive/Lists: <l2@x> [\\Seen]" };
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, prefix));

        await dovecot.RenameMailboxAsync(User, "Archive/Lists", "Old/Lists");
        await dovecot.AppendAsync(User, "Old/Lists", DovecotSyncTests.Seed("l3"));
        var fromDovecot = await servers.SyncAsync();
        Assert.Empty(fromDovecot.Errors);
        Assert.Equal(1, fromDovecot.MessagesCopiedToRemote);
        Assert.Equal(0, fromDovecot.MessagesCopiedToLocal);
        expected = ["Old/Lists/sub: <s1@x> []", "Old/Lists: <l1@x> []", "Old/Lists: <l2@x> [\\Seen]", "Old/Lists: <l3@x> []"];
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, prefix));
    }
}
