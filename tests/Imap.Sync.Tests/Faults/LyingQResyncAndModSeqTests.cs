using System.Text.RegularExpressions;
using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// Production servers whose CONDSTORE/QRESYNC answers cannot be trusted, made from real Dovecot by
/// rewriting its lines: ENABLE QRESYNC without <c>* ENABLED</c>, and VANISHED without (EARLIER) or
/// unreadable (iCloud), fall back to the CONDSTORE tier; negative MODSEQs (Zoho) leave the mailbox
/// without a recorded HIGHESTMODSEQ, so it is read in full every run. Each run converges both servers.
/// </summary>
public sealed partial class LyingQResyncAndModSeqTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task Enable_qresync_without_enabled_uses_the_condstore_tier()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Remote.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("r1"), DovecotSyncTests.Seed("r2")]);
        var qresyncSelects = 0;
        var changedSince = 0;
        proxied.RemoteProxy.Faults =
        [
            Fault.Rewrite(FaultDirection.ServerToClient, line => line.StartsWith("* ENABLED", StringComparison.Ordinal) ? "* OK nothing enabled" : line),
            Fault.Rewrite(FaultDirection.ClientToServer, line =>
            {
                Count(line, "(QRESYNC (", ref qresyncSelects);
                Count(line, "CHANGEDSINCE", ref changedSince);
                return line;
            }),
        ];
        var db = servers.Work.File("state.db");

        await proxied.SyncAsync(db, new SyncOptions());
        var onRemote = await servers.Remote.FetchMessagesAsync(User, "INBOX");
        await servers.Remote.AddFlagsAsync(User, "INBOX", [onRemote[0].Uid], ["\\Flagged"]);
        await servers.Remote.ExpungeAsync(User, "INBOX", [onRemote[1].Uid]);
        var second = await proxied.SyncAsync(db, new SyncOptions());

        Assert.Empty(second.Errors);
        Assert.Equal(0, qresyncSelects);
        Assert.True(changedSince > 0, "the CONDSTORE tier was not used");
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Single(local);
        Assert.Contains("\\Flagged", local[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Vanished_without_earlier_or_unreadable_in_qresync_selects_still_expunges_in_every_mailbox_of_the_flight(bool unreadable)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Remote.CreateMailboxAsync(User, "Other");
        await servers.Remote.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("r1"), DovecotSyncTests.Seed("r2")]);
        await servers.Remote.AppendAsync(User, "Other", [DovecotSyncTests.Seed("o1"), DovecotSyncTests.Seed("o2")]);
        var db = servers.Work.File("state.db");
        await proxied.SyncAsync(db, new SyncOptions());
        await servers.Remote.ExpungeAsync(User, "INBOX", [(await servers.Remote.FetchMessagesAsync(User, "INBOX"))[0].Uid]);
        await servers.Remote.ExpungeAsync(User, "Other", [(await servers.Remote.FetchMessagesAsync(User, "Other"))[0].Uid]);
        var unlabelled = 0;
        var qresyncSelects = 0;
        proxied.RemoteProxy.Faults =
        [
            Fault.Rewrite(FaultDirection.ServerToClient, line =>
            {
                Count(line, "* VANISHED (EARLIER) ", ref unlabelled);
                return !line.StartsWith("* VANISHED (EARLIER) ", StringComparison.Ordinal) ? line
                    : unreadable ? "* VANISHED (EARLIER) 0:*"
                    : line.Replace("* VANISHED (EARLIER) ", "* VANISHED ", StringComparison.Ordinal);
            }),
            Fault.Rewrite(FaultDirection.ClientToServer, line =>
            {
                Count(line, "(QRESYNC (", ref qresyncSelects);
                return line;
            }),
        ];

        var second = await proxied.SyncAsync(db, new SyncOptions());

        Assert.Empty(second.Errors);
        // Every QRESYNC SELECT sent before the first wrong answer was seen is answered wrongly, and its
        // mailbox read again the CONDSTORE way on its own. Both usually leave in one flight; on a loaded
        // machine the first flight's clock (3 ms before any round trip was measured) can send the second
        // mailbox's SELECT after that answer, as plain CONDSTORE. Either way both expunges are carried.
        Assert.InRange(qresyncSelects, 1, 2);
        Assert.Equal(qresyncSelects, unlabelled);
        Assert.Equal(2, second.Expunges);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Equal(2, local.Count);
    }

    [Fact]
    public async Task Negative_modseqs_leave_no_recorded_highestmodseq_and_changes_still_sync()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Local.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("l1"));
        await servers.Remote.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("r1"));
        var negative = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            var changed = FetchModSeq().Replace(line, "MODSEQ (-1)");
            if (changed != line)
            {
                Interlocked.Increment(ref negative);
            }

            return changed;
        })];
        var db = servers.Work.File("state.db");

        var first = await proxied.SyncAsync(db, new SyncOptions());
        var onRemote = (await servers.Remote.FetchMessagesAsync(User, "INBOX")).ToDictionary(m => m.MessageId!);
        await servers.Remote.AddFlagsAsync(User, "INBOX", [onRemote["<l1@x>"].Uid], ["\\Seen", "$Zoho"]);
        var second = await proxied.SyncAsync(db, new SyncOptions());

        Assert.True(negative > 0, "no MODSEQ was rewritten");
        Assert.Empty(first.Errors.Concat(second.Errors));
        Assert.Equal(0UL, RemoteModSeq(db));
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Contains(local, l => l.Contains("<l1@x>", StringComparison.Ordinal) && l.Contains("$Zoho", StringComparison.Ordinal));
    }

    private static void Count(string line, string what, ref int counter)
    {
        if (line.Contains(what, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref counter);
        }
    }

    private static ulong RemoteModSeq(string db)
    {
        using var state = SyncStateStore.Open(db);
        return state.GetSideStates(state.FindMailbox("INBOX")!.Id)!.Value.Remote.HighestModSeq;
    }

    // A MODSEQ item inside an untagged FETCH (not the HIGHESTMODSEQ response code).
    [GeneratedRegex(@"(?<=^\* \d+ FETCH \(.*)MODSEQ \(\d+\)")]
    private static partial Regex FetchModSeq();
}
