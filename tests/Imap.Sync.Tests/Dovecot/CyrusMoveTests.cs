using Imap.Testing.Dovecot;
using Imap.Testing.Faults;
using Xunit.Abstractions;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Moves made by another client on Cyrus and on Dovecot are replayed on the other server with its own
/// UID MOVE (Cyrus 3.6 answers with COPYUID in an untagged OK before its expunges), nothing copied again:
/// the bytes through proxies in front of both servers stay under 1% of what moved.
/// </summary>
public sealed class CyrusMoveTests(ITestOutputHelper output)
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Moves_on_Cyrus_and_on_Dovecot_are_replayed_without_copying_transferring_under_1_percent_of_their_bytes()
    {
        await using var servers = await CyrusAndDovecot.StartAsync();
        await using var dovecotProxy = FaultProxy.Start(servers.Dovecot.Host, servers.Dovecot.Port);
        await using var cyrusProxy = FaultProxy.Start(servers.Cyrus.Host, servers.Cyrus.Port);
        long Traffic() => dovecotProxy.BytesToServer + dovecotProxy.BytesToClient + cyrusProxy.BytesToServer + cyrusProxy.BytesToClient;
        var (dovecot, cyrus, prefix) = (servers.Dovecot, servers.Cyrus, servers.Prefix);
        await dovecot.CreateMailboxAsync(User, "Archive");
        await dovecot.AppendAsync(User, "INBOX", [Large("m1"), Large("m2") with { Flags = ["\\Seen"] }, Large("m3")]);
        Assert.Empty((await servers.SyncAsync(dovecotProxy, cyrusProxy)).Errors);

        var onCyrus = await cyrus.FetchMessagesAsync(User, "INBOX");
        var leaving = onCyrus.Where(m => m.MessageId is "<m1@x>" or "<m2@x>").ToList();
        await cyrus.MoveAsync(User, "INBOX", [.. leaving.Select(m => m.Uid)], prefix + "Archive");
        var before = Traffic();
        var fromCyrus = await servers.SyncAsync(dovecotProxy, cyrusProxy);
        var traffic = Traffic() - before;
        output.WriteLine($"moved on Cyrus: {traffic} bytes through the proxies for {leaving.Sum(m => m.Size)} bytes moved");
        Assert.True(traffic < leaving.Sum(m => m.Size) / 100, $"{traffic} bytes through the proxies after moves of {leaving.Sum(m => m.Size)} bytes");
        Assert.Empty(fromCyrus.Errors);
        Assert.Equal(2, fromCyrus.MessagesMoved);
        Assert.Equal(0, fromCyrus.MessagesCopiedToLocal + fromCyrus.MessagesCopiedToRemote);
        var expected = new List<string> { "Archive: <m1@x> []", "Archive: <m2@x> [\\Seen]", "INBOX: <m3@x> []" };
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, prefix));

        var back = (await dovecot.FetchMessagesAsync(User, "Archive")).Single(m => m.MessageId == "<m2@x>");
        await dovecot.MoveAsync(User, "Archive", [back.Uid], "INBOX");
        before = Traffic();
        var fromDovecot = await servers.SyncAsync(dovecotProxy, cyrusProxy);
        traffic = Traffic() - before;
        output.WriteLine($"moved on Dovecot: {traffic} bytes through the proxies for {back.Size} bytes moved");
        Assert.True(traffic < back.Size / 100, $"{traffic} bytes through the proxies after a move of {back.Size} bytes");
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

    // A message with a 1 MB attachment-like body: what a run costs anyway (login, LIST-STATUS, SELECTs) stays well under 1% of it.
    private static SeedMessage Large(string id) => DovecotSyncTests.Seed(id) with { Content = SeedMessage.Simple(id + "@x", id, new string('x', 1024 * 1024)).Content };

    private static SeedMessage WithoutMessageId(string body, params string[] flags) =>
        new SeedMessage(System.Text.Encoding.ASCII.GetBytes($"From: a@example.org\r\nSubject: {body}\r\n\r\n{body}\r\n")) { Flags = flags, InternalDate = new DateTimeOffset(2023, 1, 2, 10, 0, 0, TimeSpan.Zero) };
}
