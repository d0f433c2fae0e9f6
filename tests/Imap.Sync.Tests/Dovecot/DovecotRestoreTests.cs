using Imap.Sync.Ports;
using Imap.Testing.Dovecot;
using static Imap.Sync.Tests.Dovecot.DovecotSyncTests;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// One real Dovecot restored from a backup the way an admin does it (the user's maildir copied back:
/// same UIDVALIDITY, older UIDNEXT, HIGHESTMODSEQ, messages and flags). Every flag set since the backup,
/// on either side, on old and new messages, must end on both servers, a flag removed since then comes
/// back (the union), and no message is lost: with --repair at once, or two plain runs then --repair.
/// </summary>
public sealed class DovecotRestoreTests
{
    private const string User = TwoDovecots.User;

    private static readonly string[] All = ["e1", "e2", "e3", "n1", "n2"];

    private static readonly string[] Expected =
    [
        "<e1@x> [\\Flagged]", "<e2@x> [$Repair \\Flagged \\Seen]", "<e3@x> [$Old \\Seen]",
        "<n1@x> [$Work \\Answered]", "<n2@x> [$Label \\Flagged]",
    ];

    public static TheoryData<SyncSide, bool, DovecotCapabilityProfile> Cases => new()
    {
        { SyncSide.Local, true, DovecotCapabilityProfile.Full },
        { SyncSide.Remote, true, DovecotCapabilityProfile.Full },
        { SyncSide.Local, false, DovecotCapabilityProfile.Full },
        { SyncSide.Remote, false, DovecotCapabilityProfile.Full },
        { SyncSide.Local, true, DovecotCapabilityProfile.WithoutQresyncAndCondstore },
        { SyncSide.Remote, false, DovecotCapabilityProfile.WithoutQresyncAndCondstore },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Flags_set_since_the_backup_survive_the_restore_on_both_servers(SyncSide restored, bool repairAtOnce, DovecotCapabilityProfile restoredProfile)
    {
        await using var servers = await TwoDovecots.StartAsync(
            restored == SyncSide.Local ? restoredProfile : DovecotCapabilityProfile.Full,
            restored == SyncSide.Remote ? restoredProfile : DovecotCapabilityProfile.Full);
        var db = servers.Work.File("state.db");
        var restoredServer = restored == SyncSide.Local ? servers.Local : servers.Remote;
        var other = restored == SyncSide.Local ? servers.Remote : servers.Local;

        await servers.Local.AppendAsync(User, "INBOX", [Seed("e1"), Seed("e2", "\\Seen"), Seed("e3", "\\Seen", "$Old")]);
        await RunAsync(servers, db, repair: false, "e1", "e2", "e3");
        var backup = await restoredServer.BackUpMailAsync(User);

        await restoredServer.AddFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(restoredServer, "e1")], ["\\Flagged"]);
        await restoredServer.RemoveFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(restoredServer, "e3")], ["$Old"]);
        await other.AddFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(other, "e2")], ["$Repair", "\\Flagged"]);
        await restoredServer.AppendAsync(User, "INBOX", Seed("n1", "\\Answered"));
        await other.AppendAsync(User, "INBOX", Seed("n2", "$Label"));
        await RunAsync(servers, db, repair: false, All);
        await other.AddFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(other, "n1")], ["$Work"]);
        await restoredServer.AddFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(restoredServer, "n2")], ["\\Flagged"]);
        await RunAsync(servers, db, repair: false, All);
        Assert.Contains("<e3@x> [\\Seen]", await TwoDovecots.InboxFlagLinesAsync(restoredServer));

        await restoredServer.RestoreMailAsync(User, backup);
        Assert.Equal(["<e1@x> []", "<e2@x> [\\Seen]", "<e3@x> [$Old \\Seen]"], await TwoDovecots.InboxFlagLinesAsync(restoredServer));
        if (!repairAtOnce)
        {
            await RunAsync(servers, db, repair: false, All);
            await RunAsync(servers, db, repair: false, All);
        }

        await RunAsync(servers, db, repair: true, All);
        Assert.Equal(Expected, await TwoDovecots.InboxFlagLinesAsync(servers.Local));
        Assert.Equal(Expected, await TwoDovecots.InboxFlagLinesAsync(servers.Remote));
    }

    // After every run: each side holds exactly these messages (none lost, none twice), servers and database agree.
    private static async Task RunAsync(TwoDovecots servers, string db, bool repair, params string[] ids)
    {
        var summary = await DovecotSync.RunAsync(servers, db, action: repair ? e => e.RepairAsync() : null);
        Assert.Empty(summary.Errors);
        await servers.AssertConvergedAsync(db);
        foreach (var server in new[] { servers.Local, servers.Remote })
        {
            var held = (await server.FetchMessagesAsync(User, "INBOX")).Select(m => m.MessageId!).Order(StringComparer.Ordinal);
            Assert.Equal(ids.Select(id => $"<{id}@x>"), held);
        }
    }
}
