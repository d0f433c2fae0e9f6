using System.Text.RegularExpressions;
using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// The HIGHESTMODSEQ check after our writes only saves the next run a SELECT: a server that refuses it
/// (here real Dovecot answering BAD to a modifier the proxy garbles) must cost that, not the run.
/// </summary>
public sealed partial class RefusedModSeqCheckTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task A_refused_check_keeps_the_selects_value_and_the_run_completes()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        await servers.Local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("c1", "\\Seen"), DovecotSyncTests.Seed("c2")]);
        var before = await servers.Remote.GetMailboxStatusAsync(User, "INBOX");
        var garbled = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ClientToServer, line =>
        {
            var changed = CheckModifier().Replace(line, "$1 NOSUCHMODIFIER)");
            if (changed != line)
            {
                Interlocked.Increment(ref garbled);
            }

            return changed;
        })];
        var db = servers.Work.File("state.db");

        var summary = await proxied.SyncAsync(db, new SyncOptions());

        Assert.True(garbled > 0, "the check was not sent");
        Assert.Empty(summary.Errors);
        Assert.Equal(2, summary.MessagesCopiedToRemote);
        var stored = WithState(db, s => s.GetSideStates(s.FindMailbox("INBOX")!.Id))!.Value.Remote;
        Assert.Equal(before.HighestModSeq, stored.HighestModSeq);

        proxied.ClearFaults();
        var next = await proxied.SyncAsync(db, new SyncOptions());
        Assert.Empty(next.Errors);
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.FlagUpdates + next.Expunges);
        Assert.Equal(
            await TwoDovecots.ReadBackAsync(servers.Local),
            await TwoDovecots.ReadBackAsync(servers.Remote));
            await servers.AssertConvergedAsync(db);
    }

    private static T WithState<T>(string db, Func<SyncStateStore, T> read)
    {
        using var state = SyncStateStore.Open(db);
        return read(state);
    }

    // The check's modifier list: (CHANGEDSINCE n VANISHED).
    [GeneratedRegex(@"(\(CHANGEDSINCE \d+) VANISHED\)")]
    private static partial Regex CheckModifier();
}
