using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Dovecot ('/') against Cyrus 3.6 ('.', altnamespace yes, no NOTIFY): new messages both ways, a flag
/// change and an expunge on each side, read back from both. (altnamespace no, with its "INBOX."
/// personal prefix: CyrusNamespaceTests.)
/// </summary>
public sealed class CyrusSyncTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Dovecot_slash_and_Cyrus_dot_converge()
    {
        Assert.True(CyrusServer.IsInstalled, "Cyrus is not unpacked: run test.sh");
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        await using var cyrus = await CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', AltNamespace = true, Tls = false });
        using var work = new TempDirectory();
        var db = work.File("cyrus.db");

        await dovecot.CreateMailboxAsync(User, "Projects/2026");
        await dovecot.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("d1", "\\Seen"), DovecotSyncTests.Seed("d2")]);
        await dovecot.AppendAsync(User, "Projects/2026", DovecotSyncTests.Seed("d3", "\\Flagged"));
        await cyrus.CreateMailboxAsync(User, cyrus.PersonalPrefix + "Lists");
        await cyrus.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("c1", "\\Answered"));
        await cyrus.AppendAsync(User, cyrus.PersonalPrefix + "Lists", [DovecotSyncTests.Seed("c2"), DovecotSyncTests.Seed("c3")]);

        await CyrusSync.RunAsync(dovecot, cyrus, db, cyrus.PersonalPrefix);
        var expected = new List<string>
        {
            "INBOX: <c1@x> [\\Answered]", "INBOX: <d1@x> [\\Seen]", "INBOX: <d2@x> []", "Lists: <c2@x> []", "Lists: <c3@x> []",
            "Projects/2026: <d3@x> [\\Flagged]",
        };
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, cyrus.PersonalPrefix));

        var onCyrus = (await cyrus.FetchMessagesAsync(User, "INBOX")).ToDictionary(m => m.MessageId!);
        var onDovecot = (await dovecot.FetchMessagesAsync(User, "INBOX")).ToDictionary(m => m.MessageId!);
        await cyrus.AddFlagsAsync(User, "INBOX", [onCyrus["<d2@x>"].Uid], ["\\Seen"]);
        await cyrus.ExpungeAsync(User, "INBOX", [onCyrus["<d1@x>"].Uid]);
        await dovecot.ExpungeAsync(User, "INBOX", [onDovecot["<c1@x>"].Uid]);
        await CyrusSync.RunAsync(dovecot, cyrus, db, cyrus.PersonalPrefix);
        expected = ["INBOX: <d2@x> [\\Seen]", "Lists: <c2@x> []", "Lists: <c3@x> []", "Projects/2026: <d3@x> [\\Flagged]"];
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(dovecot, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(cyrus, cyrus.PersonalPrefix));
    }
}
