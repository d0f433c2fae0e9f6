using Imap.Sync.State;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>rename, delete and repair between two real Dovecot servers.</summary>
public sealed class DovecotCommandTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Rename_then_delete_act_on_both_servers_and_the_database()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        await servers.Local.CreateMailboxAsync(User, "projects/x");
        await servers.Local.AppendAsync(User, "projects/x", DovecotSyncTests.Seed("p1"));
        await DovecotSync.RunAsync(servers, db);

        await DovecotSync.RunAsync(servers, db, action: e => e.RenameMailboxAsync("projects", "archive/projects"));
        Assert.Contains("archive/projects/x", await servers.Local.ListMailboxesAsync(User));
        Assert.Contains("archive.projects.x", await servers.Remote.ListMailboxesAsync(User));
        Assert.DoesNotContain("projects.x", await servers.Remote.ListMailboxesAsync(User));
        var after = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(after.Errors);
        Assert.Equal(0, after.MessagesCopiedToLocal + after.MessagesCopiedToRemote);

        await DovecotSync.RunAsync(servers, db, action: e => e.DeleteMailboxesAsync(["archive/projects/x"]));
        Assert.DoesNotContain("archive/projects/x", await servers.Local.ListMailboxesAsync(User));
        Assert.DoesNotContain("archive.projects.x", await servers.Remote.ListMailboxesAsync(User));
        using var state = SyncStateStore.Open(db);
        Assert.Null(state.FindMailbox("archive\0projects\0x"));
    }

    [Fact]
    public async Task Repair_after_a_lost_database_pairs_instead_of_duplicating()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        await servers.Local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("a", "\\Seen"), DovecotSyncTests.Seed("b")]);
        await servers.Remote.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("c"));
        await DovecotSync.RunAsync(servers, db);

        using (var state = SyncStateStore.Open(db))
        {
            var inbox = state.FindMailbox("INBOX")!;
            state.RemoveMappings(inbox.Id, state.GetMappings(inbox.Id).Select(m => m.LocalUid));
        }

        var remoteA = (await servers.Remote.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == "<a@x>");
        await servers.Remote.ReplaceFlagsAsync(User, "INBOX", [remoteA.Uid], ["\\Flagged"]);
        var repair = await DovecotSync.RunAsync(servers, db, action: e => e.RepairAsync());
        Assert.Empty(repair.Errors);
        Assert.Equal(0, repair.MessagesCopiedToLocal + repair.MessagesCopiedToRemote);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Equal(3, local.Count);
        Assert.Contains(local, l => l.StartsWith("INBOX: <a@x>", StringComparison.Ordinal) && l.EndsWith("[\\Flagged \\Seen]", StringComparison.Ordinal));
    }
}
