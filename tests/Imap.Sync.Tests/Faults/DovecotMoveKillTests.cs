using Imap.Sync.Engine;
using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Sync.Tests.Fakes;
using Imap.Testing.Dovecot;
using Xunit.Abstractions;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// A run replaying on the remote Dovecot a move made on the local one dies at each point of the replay:
/// after the intent was journaled but before the MOVE, after the server moved but before the commit,
/// and, on a server without MOVE, with the connection dropped (through the proxy) between the COPY and
/// the STORE \Deleted, at the UID EXPUNGE, or after all three before the commit; with the mailboxes in
/// one wave and each in a wave of its own (moves found before the waves). The next run converges: the
/// moved messages in their new folder on both servers, nothing lost, nothing duplicated, the journal
/// empty; where the server had moved or copied them, they are found there, not copied again.
/// </summary>
public sealed class DovecotMoveKillTests(ITestOutputHelper output)
{
    private const string User = TwoDovecots.User;

    public enum KillPoint
    {
        BeforeMove,
        AfterMoveBeforeCommit,
        CutAfterCopy,
        CutAtExpunge,
        AfterCopyAndExpungeBeforeCommit,
    }

    [Fact]
    public async Task A_move_replay_killed_at_each_point_converges_on_the_next_run_without_loss_or_duplicates()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var trial = 0;
        foreach (var point in Enum.GetValues<KillPoint>())
        {
            foreach (var waveEach in new[] { false, true })
            {
                await TrialAsync(proxied, $"m{trial++}", point, waveEach);
            }
        }
    }

    private async Task TrialAsync(ProxiedDovecots proxied, string box, KillPoint point, bool waveEach)
    {
        var (local, remote) = (proxied.Servers.Local, proxied.Servers.Remote);
        var withMove = point is KillPoint.BeforeMove or KillPoint.AfterMoveBeforeCommit;
        proxied.RemoteMask = withMove ? null : new ServerFeatures { QResync = true, CondStore = true, ListExtended = true, ListStatus = true, MultiAppend = true, UidPlus = true, Move = false };
        var options = new SyncOptions { ListMailbox = [box + "*"], LanesPerWave = waveEach ? 1 : LaneWaves.MaxLanes };
        var db = proxied.Servers.Work.File(box + ".db");
        var dest = box + local.HierarchySeparator + "dest";
        await local.CreateMailboxAsync(User, box);
        await local.CreateMailboxAsync(User, dest);
        await local.AppendAsync(User, box, new[] { "a", "b", "c" }.Select(n => SeedMessage.Simple($"{box}{n}@x")));
        await local.AppendAsync(User, dest, [SeedMessage.Simple($"{box}d@x")]);
        Assert.Empty((await proxied.SyncAsync(db, options)).Errors);
        var moved = (await local.FetchMessagesAsync(User, box)).Where(m => m.MessageId != $"<{box}a@x>").Select(m => m.Uid).ToList();
        await local.MoveAsync(User, box, moved, dest);

        var kill = point switch
        {
            KillPoint.BeforeMove => new KillAtOperation("UID MOVE", afterServerApplied: false),
            KillPoint.AfterMoveBeforeCommit or KillPoint.AfterCopyAndExpungeBeforeCommit => new KillAtOperation("UID MOVE", afterServerApplied: true),
            _ => null,
        };
        var cutAt = point switch
        {
            KillPoint.CutAfterCopy => "\\Deleted", // the STORE that follows the COPY's reply
            KillPoint.CutAtExpunge => " UID EXPUNGE ",
            _ => null,
        };
        var cut = 0;
        try
        {
            await proxied.SyncAsync(
                db,
                options,
                remoteTrace: line =>
                {
                    if (cutAt is not null && line.StartsWith("C: ", StringComparison.Ordinal) && line.Contains(cutAt, StringComparison.Ordinal) && Interlocked.Exchange(ref cut, 1) == 0)
                    {
                        proxied.RemoteProxy.CutAll();
                    }
                },
                wrap: kill is null ? null : s => new HookedMailServer(s, kill) { OffersLanes = true });
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            output.WriteLine($"{box} {point} wave-each={waveEach}: the run died with {ex.GetType().Name}: {ex.Message}");
        }

        Assert.True(kill?.Fired ?? cut == 1, $"{point}: the run never reached its kill point");
        var next = await proxied.SyncAsync(db, options);
        Assert.Empty(next.Errors);
        if (point != KillPoint.BeforeMove)
        {
            // The server had moved (or copied) them: found there through the journal, not copied again.
            Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote);
        }

        var quiet = await proxied.SyncAsync(db, options);
        Assert.Empty(quiet.Errors);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.MessagesMoved + quiet.Expunges);
        var lines = await proxied.Servers.AssertConvergedAsync(db, box);
        Assert.Equal([$"{box}/dest: <{box}b@x> []", $"{box}/dest: <{box}c@x> []", $"{box}/dest: <{box}d@x> []", $"{box}: <{box}a@x> []"], lines.Select(WithoutSizeAndDate).Order(StringComparer.Ordinal));
        using var state = SyncStateStore.Open(db);
        Assert.All(state.GetMailboxes(), m => Assert.Empty(state.GetCopyIntents(m.Id)));
    }

    // "box: <id> size date [flags]" without the size and date (the same for every message seeded here).
    private static string WithoutSizeAndDate(string line) => System.Text.RegularExpressions.Regex.Replace(line, @"> \d+ \d+ \[", "> [");
}
