using Imap.Testing.Dovecot;
using static Imap.Sync.Tests.Dovecot.DovecotSyncTests;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Conflicting flag changes whose union equals the flags both sides last agreed on: each side removed a
/// different flag. Both must get the union back, and the database must record what the servers hold, or
/// the servers silently disagree from then on.
/// </summary>
public sealed class DovecotFlagConflictTests
{
    private const string User = TwoDovecots.User;

    public static TheoryData<DovecotCapabilityProfile> Profiles => [DovecotCapabilityProfile.Full, DovecotCapabilityProfile.WithoutQresyncAndCondstore];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Each_side_removing_a_different_flag_ends_with_both_flags_on_both_servers(DovecotCapabilityProfile profile)
    {
        await using var servers = await TwoDovecots.StartAsync(profile, profile);
        var db = servers.Work.File("state.db");
        await servers.Local.AppendAsync(User, "INBOX", [Seed("a", "\\Answered", "\\Seen"), Seed("b", "\\Answered", "\\Seen"), Seed("c", "\\Seen")]);
        Assert.Empty((await DovecotSync.RunAsync(servers, db)).Errors);
        await servers.AssertConvergedAsync(db);

        // a: the local removes \Seen, the remote \Answered; b: the other way round; c: an ordinary conflict.
        await servers.Local.RemoveFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Local, "a")], ["\\Seen"]);
        await servers.Remote.RemoveFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Remote, "a")], ["\\Answered"]);
        await servers.Local.RemoveFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Local, "b")], ["\\Answered"]);
        await servers.Remote.RemoveFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Remote, "b")], ["\\Seen"]);
        await servers.Local.AddFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Local, "c")], ["\\Flagged"]);
        await servers.Remote.AddFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Remote, "c")], ["$Label"]);

        var run = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(run.Errors);
        Assert.Equal(3, run.Conflicts);
        await servers.AssertConvergedAsync(db);
        Assert.Equal(
            ["<a@x> [\\Answered \\Seen]", "<b@x> [\\Answered \\Seen]", "<c@x> [$Label \\Flagged \\Seen]"],
            await TwoDovecots.InboxFlagLinesAsync(servers.Local));

        // The database agrees with the servers: a later change on one side reaches the other.
        await servers.Remote.RemoveFlagsAsync(User, "INBOX", [await TwoDovecots.InboxUidAsync(servers.Remote, "a")], ["\\Seen"]);
        await DovecotSync.RunAsync(servers, db);
        await servers.AssertConvergedAsync(db);
        Assert.Equal("<a@x> [\\Answered]", (await TwoDovecots.InboxFlagLinesAsync(servers.Local))[0]);
    }
}
