using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Lanes of one real Dovecot connection (<see cref="IMailServer.OpenLane"/>): each lane's message
/// operations apply to its own mailbox whatever the other lane selected since, and a mailbox recreated
/// behind a lane's back (another UIDVALIDITY at its re-SELECT) stops that lane with a clear error.
/// </summary>
public sealed class DovecotLaneTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Each_lane_reads_its_own_mailbox_and_a_recreated_one_stops_its_lane()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var dovecot = servers.Local;
        await dovecot.CreateMailboxAsync(User, "Box");
        await dovecot.AppendAsync(User, "Box", [DovecotSyncTests.Seed("b1"), DovecotSyncTests.Seed("b2")]);
        await dovecot.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("i1")]);
        await using var server = await DovecotSync.OpenAsync(dovecot);
        var box = server.OpenLane();
        var inbox = server.OpenLane();

        var boxSelected = await box.SelectAsync("Box", null, CancellationToken.None);
        await inbox.SelectAsync("INBOX", null, CancellationToken.None);
        // Issued together: Box's SEARCH must be preceded by its re-SELECT, INBOX's by INBOX's.
        var boxUids = box.FetchUidsAsync(1, 100, CancellationToken.None).AsTask();
        var inboxUids = inbox.FetchUidsAsync(1, 100, CancellationToken.None).AsTask();
        Assert.Equal([1u, 2u], await boxUids);
        Assert.Equal([1u], await inboxUids);

        await inbox.FetchUidsAsync(1, 100, CancellationToken.None); // INBOX is the selected mailbox again
        await dovecot.DeleteMailboxAsync(User, "Box");
        await dovecot.CreateMailboxAsync(User, "Box");
        await dovecot.SetUidValidityAsync(User, "Box", boxSelected.UidValidity + 1);
        await dovecot.AppendAsync(User, "Box", [DovecotSyncTests.Seed("other")]);

        var error = await Assert.ThrowsAsync<MailboxReplacedException>(() => box.FetchUidsAsync(1, 100, CancellationToken.None).AsTask());
        Assert.Contains("Box", error.Message, StringComparison.Ordinal);
        Assert.Contains($"instead of {boxSelected.UidValidity}", error.Message, StringComparison.Ordinal);
        Assert.Equal([1u], await inbox.FetchUidsAsync(1, 100, CancellationToken.None));
    }
}
