using System.Text.RegularExpressions;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// SELECT replies that lack what RFC 3501 requires, made from real Dovecot by rewriting its lines:
/// no [UIDNEXT] (Courier's SELECT never has one; here on the QRESYNC tier) is taken from STATUS; no
/// [UIDVALIDITY] refuses that mailbox with a message naming the server's fault, and the others go on.
/// </summary>
public sealed partial class MissingSelectDataTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Without_uidnext_in_select_the_status_value_is_used_and_a_second_run_changes_nothing()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("l1", "\\Seen"), DovecotSyncTests.Seed("l2")]);
        await servers.Remote.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("r1", "$Label1"));
        var stripped = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            if (!UidNextLine().IsMatch(line))
            {
                return line;
            }

            Interlocked.Increment(ref stripped);
            return "* OK no UIDNEXT here";
        })];
        var db = servers.Work.File("state.db");

        var first = await proxied.SyncAsync(db, new SyncOptions());
        await servers.Remote.ExpungeAsync(User, "INBOX", [(await servers.Remote.FetchMessagesAsync(User, "INBOX")).Max(m => m.Uid)]);
        await servers.Local.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("l3"));
        var second = await proxied.SyncAsync(db, new SyncOptions());
        var third = await proxied.SyncAsync(db, new SyncOptions());

        Assert.True(stripped >= 3, $"only {stripped} SELECT replies lost their UIDNEXT");
        Assert.Empty(first.Errors.Concat(second.Errors).Concat(third.Errors));
        Assert.Equal((2, 1), (first.MessagesCopiedToRemote, first.MessagesCopiedToLocal));
        Assert.Equal(0, third.MessagesCopiedToLocal + third.MessagesCopiedToRemote + third.FlagUpdates + third.Expunges);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Equal(3, local.Count);
    }

    [Fact]
    public async Task Without_uidvalidity_in_select_that_mailbox_is_refused_by_name_and_the_others_sync()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Remote.CreateMailboxAsync(User, "Broken");
        await servers.Remote.AppendAsync(User, "Broken", [DovecotSyncTests.Seed("b1"), DovecotSyncTests.Seed("b2"), DovecotSyncTests.Seed("b3")]);
        await servers.Remote.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("r1"));

        // Only Broken has 3 messages: its SELECT reply loses the UIDVALIDITY that follows "* 3 EXISTS".
        var afterThree = false;
        var stripped = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            if (line == "* 3 EXISTS")
            {
                afterThree = true;
            }
            else if (afterThree && UidValidityLine().IsMatch(line))
            {
                afterThree = false;
                Interlocked.Increment(ref stripped);
                return "* OK no UIDVALIDITY here";
            }

            return line;
        })];
        var db = servers.Work.File("state.db");

        var summary = await proxied.SyncAsync(db, new SyncOptions());

        var error = Assert.Single(summary.Errors);
        Assert.Contains("Broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("no UIDVALIDITY", error.Message, StringComparison.Ordinal);
        Assert.Equal(["<r1@x>"], (await servers.Local.FetchMessagesAsync(User, "INBOX")).Select(m => m.MessageId));
        Assert.True(stripped > 0, "Broken was not selected");
        if ((await servers.Local.ListMailboxesAsync(User)).Contains("Broken"))
        {
            Assert.Empty(await servers.Local.FetchMessagesAsync(User, "Broken"));
        }
    }

    [GeneratedRegex(@"^\* OK \[UIDNEXT \d+\]")]
    private static partial Regex UidNextLine();

    [GeneratedRegex(@"^\* OK \[UIDVALIDITY \d+\]")]
    private static partial Regex UidValidityLine();
}
