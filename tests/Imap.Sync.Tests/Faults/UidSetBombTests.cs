using System.Text.RegularExpressions;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Faults;

/// <summary>Runs alone: the allocation bound is measured process-wide, so other tests' garbage must not count.</summary>
[CollectionDefinition(nameof(SyncMemoryMeasurementGroup), DisableParallelization = true)]
public sealed class SyncMemoryMeasurementGroup;

/// <summary>
/// A real Dovecot whose replies the proxy rewrites so that a UID set names (almost) every UID there is,
/// in a few dozen bytes: VANISHED (EARLIER) in the QRESYNC SELECT, ESEARCH ALL, MODIFIED after a STORE.
/// Expanding any of them one UID at a time is 16 GB; the engine must look the UIDs it knows up in the
/// ranges instead, finish the run with bounded memory, and act only on the mapped UIDs named.
/// </summary>
[Collection(nameof(SyncMemoryMeasurementGroup))]
public sealed partial class UidSetBombTests
{
    private const string User = TwoDovecots.User;
    private const long AllocationBound = 64L << 20;

    [Fact]
    public async Task Vanished_earlier_over_the_whole_uid_space_expunges_only_the_mapped_uids_it_names()
    {
        var (summary, allocated, proxied) = await RunUnderAttackAsync(
            change: p => p.Servers.Remote.AddFlagsAsync(User, "INBOX", [1], ["\\Flagged"]),
            rewrite: line => UidValidityLine().IsMatch(line) ? line + "\r\n* VANISHED (EARLIER) 2:4294967295" : line);
        await using (proxied)
        {
            Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
            Assert.Empty(summary.Errors);
            // Mapped remote UIDs 2 and 3 are in the range: their local copies go; UID 1 (outside) stays and gets its flag.
            Assert.Equal(2, summary.Expunges);
            var local = await TwoDovecots.ReadBackAsync(proxied.Servers.Local);
            Assert.Equal(["INBOX: <m1@x> " + local[0].Split(' ', 3)[2]], local);
            Assert.Contains("\\Flagged", local[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Esearch_all_over_the_whole_uid_space_is_clipped_to_the_uids_asked()
    {
        var (summary, allocated, proxied) = await RunUnderAttackAsync(
            change: p => p.Servers.Remote.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("new")]),
            rewrite: line => EsearchLine().Replace(line, "$1 ALL 1:4294967295"));
        await using (proxied)
        {
            Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
            Assert.Empty(summary.Errors);
            Assert.Equal(1, summary.MessagesCopiedToLocal);
            Assert.Equal(0, summary.Expunges);
            Assert.Equal(await TwoDovecots.ReadBackAsync(proxied.Servers.Local), await TwoDovecots.ReadBackAsync(proxied.Servers.Remote));
        }
    }

    [Fact]
    public async Task Modified_over_the_whole_uid_space_is_asked_only_about_the_uids_stored()
    {
        var (summary, allocated, proxied) = await RunUnderAttackAsync(
            change: p => p.Servers.Local.AddFlagsAsync(User, "INBOX", [1], ["\\Answered"]),
            rewrite: line => StoreOkLine().Replace(line, "$1 OK [MODIFIED 1:4294967295] Store completed."));
        await using (proxied)
        {
            Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
            Assert.Empty(summary.Errors);
            Assert.Equal(0, summary.Expunges);
            // Dovecot did store the flag; the engine, told UID 1 was modified meanwhile, reads it again and finds it there.
            var remote = await TwoDovecots.ReadBackAsync(proxied.Servers.Remote);
            Assert.Equal(3, remote.Count);
            Assert.Single(remote, m => m.Contains("\\Answered", StringComparison.Ordinal));
            Assert.Equal(await TwoDovecots.ReadBackAsync(proxied.Servers.Local), remote);
        }
    }

    /// <summary>
    /// Three messages synced cleanly, then <paramref name="change"/> and one run with the remote's replies
    /// rewritten; returns its summary and the bytes allocated meanwhile (the caller disposes the servers).
    /// </summary>
    private static async Task<(SyncSummary Summary, long Allocated, ProxiedDovecots Proxied)> RunUnderAttackAsync(
        Func<ProxiedDovecots, Task> change, Func<string, string> rewrite)
    {
        var proxied = await ProxiedDovecots.StartAsync();
        try
        {
            await proxied.Servers.Local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("m1"), DovecotSyncTests.Seed("m2"), DovecotSyncTests.Seed("m3")]);
            var db = proxied.Servers.Work.File("state.db");
            var first = await proxied.SyncAsync(db, new SyncOptions());
            Assert.Equal(3, first.MessagesCopiedToRemote);
            await change(proxied);
            var rewritten = 0;
            proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ServerToClient, line =>
            {
                var changed = rewrite(line);
                if (changed != line)
                {
                    Interlocked.Increment(ref rewritten);
                }

                return changed;
            })];

            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var summary = await proxied.SyncAsync(db, new SyncOptions());
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.True(rewritten > 0, "the attack never reached the client");
            proxied.ClearFaults();
            return (summary, allocated, proxied);
        }
        catch
        {
            await proxied.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"^\* OK \[UIDVALIDITY \d+\]")]
    private static partial Regex UidValidityLine();

    [GeneratedRegex(@"^(\* ESEARCH \(TAG ""\w+""\) UID)( ALL \S+)?$")]
    private static partial Regex EsearchLine();

    [GeneratedRegex(@"^(\w+) OK Store completed.*$")]
    private static partial Regex StoreOkLine();
}
