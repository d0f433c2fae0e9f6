using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Moves made by another client on Cyrus and on Dovecot are replayed on the other server with its own
/// UID MOVE (Cyrus 3.6 answers with COPYUID in an untagged OK before its expunges), nothing copied again.
/// </summary>
public sealed class CyrusMoveTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Moves_on_Cyrus_and_on_Dovecot_are_replayed_without_copying()
    {
        await using var servers = await CyrusAndDovecot.StartAsync();
        var (dovecot, cyrus, prefix) = (servers.Dovecot, servers.Cyrus, servers.Prefix);
        await dovecot.CreateMailboxAsync(User, "Archive");
        await dovecot.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("m1"), DovecotSyncTests.Seed("m2", "\\Seen"), DovecotSyncTests.Seed("m3")]);
        Assert.Empty((await servers.SyncAsync()).Errors);

        var onCyrus = await cyrus.FetchMessagesAsync(User, "INBOX");
        await cyrus.MoveAsync(User, "INBOX", [.. onCyrus.Where(m => m.MessageId is "<m1@x>" or "<m2@x>").Select(m => m.Uid)], prefix + "Archive");
        var fromCyrus = await servers.SyncAsync();
        Assert.Empty(fromCyrus.Errors);
        Assert.Equal(2, fromCyrus.MessagesMoved);
        Assert.Equal(0, fromCyrus.MessagesCopiedToLocal + fromCyrus.MessagesCopiedToRemote);
        var expected = new List<string> { "Archive: <m1@x> []", "Archive: <m2@x> [\\Seen]", "INBOX: <m3@x> []" };
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, prefix));

        var onDovecot = await dovecot.FetchMessagesAsync(User, "Archive");
        await dovecot.MoveAsync(User, "Archive", [onDovecot.Single(m => m.MessageId == "<m2@x>").Uid], "INBOX");
        var fromDovecot = await servers.SyncAsync();
        Assert.Empty(fromDovecot.Errors);
        Assert.Equal(1, fromDovecot.MessagesMoved);
        Assert.Equal(0, fromDovecot.MessagesCopiedToLocal + fromDovecot.MessagesCopiedToRemote);
        expected = ["Archive: <m1@x> []", "INBOX: <m2@x> [\\Seen]", "INBOX: <m3@x> []"];
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, prefix));

        var quiet = await servers.SyncAsync();
        Assert.Equal(0, quiet.MessagesMoved + quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.Expunges);
    }

    [Fact]
    public async Task On_Cyrus_a_message_without_Message_ID_and_look_alikes_are_moved_by_their_EMAILID()
    {
        await using var servers = await CyrusAndDovecot.StartAsync();
        var (dovecot, cyrus, prefix) = (servers.Dovecot, servers.Cyrus, servers.Prefix);
        await dovecot.CreateMailboxAsync(User, "Archive");
        await dovecot.CreateMailboxAsync(User, "Later");
        // Look-alikes: same Message-ID, size and date, other text (Cyrus gives identical messages one EMAILID).
        var twin = DovecotSyncTests.Seed("twin") with { Content = SeedMessage.Simple("twin@x", "twin", "text A").Content };
        var flaggedTwin = twin with { Content = SeedMessage.Simple("twin@x", "twin", "text B").Content, Flags = ["\\Flagged"] };
        await dovecot.AppendAsync(User, "INBOX", [WithoutMessageId("plain", "\\Seen"), WithoutMessageId("other"), twin, flaggedTwin]);
        Assert.Empty((await servers.SyncAsync()).Errors); // copied to Cyrus: its EMAILIDs are read after the APPENDs

        var onCyrus = await cyrus.FetchMessagesAsync(User, "INBOX");
        await cyrus.MoveAsync(User, "INBOX", [onCyrus.Single(m => m.MessageId is null && m.Flags.Contains("\\Seen")).Uid], prefix + "Archive");
        await cyrus.MoveAsync(User, "INBOX", [onCyrus.Single(m => m.MessageId == "<twin@x>" && m.Flags.Contains("\\Flagged")).Uid], prefix + "Archive");
        await cyrus.MoveAsync(User, "INBOX", [onCyrus.Single(m => m.MessageId == "<twin@x>" && !m.Flags.Contains("\\Flagged")).Uid], prefix + "Later");
        var moved = await servers.SyncAsync();

        Assert.Empty(moved.Errors);
        Assert.Equal(3, moved.MessagesMoved);
        Assert.Equal(0, moved.MessagesCopiedToLocal + moved.MessagesCopiedToRemote + moved.Expunges);
        List<string> expected = ["Archive:  [\\Seen]", "Archive: <twin@x> [\\Flagged]", "INBOX:  []", "Later: <twin@x> []"];
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, prefix));

        var quiet = await servers.SyncAsync();
        Assert.Equal(0, quiet.MessagesMoved + quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.Expunges);
    }

    private static SeedMessage WithoutMessageId(string body, params string[] flags) =>
        new SeedMessage(System.Text.Encoding.ASCII.GetBytes($"From: a@example.org\r\nSubject: {body}\r\n\r\n{body}\r\n")) { Flags = flags, InternalDate = new DateTimeOffset(2023, 1, 2, 10, 0, 0, TimeSpan.Zero) };
}
