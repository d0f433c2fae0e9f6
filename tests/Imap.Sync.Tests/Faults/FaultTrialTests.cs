using System.Diagnostics;
using System.Net.Sockets;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Faults;
using Xunit.Abstractions;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// Real syncs between two Dovecots through the fault proxy: the connection of one side is cut (FIN or
/// RST) after N bytes in one direction, at N spread over the whole run, during an initial copy, a flag
/// sync and an expunge sync. The faulted run either fails with a connection/protocol error or
/// completes; either way the next clean run converges with nothing lost or duplicated, checked by
/// reading both servers. FAULT_TRIAL_OFFSETS (default 3, to keep CI short) sets how many N per side and direction.
/// </summary>
public sealed class FaultTrialTests(ITestOutputHelper output)
{
    private const string User = TwoDovecots.User;

    public enum Phase
    {
        InitialCopy,
        FlagSync,
        ExpungeSync,
    }

    private static int OffsetCount =>
        int.TryParse(Environment.GetEnvironmentVariable("FAULT_TRIAL_OFFSETS"), out var n) && n > 0 ? n : 3;

    [Theory]
    [InlineData(Phase.InitialCopy)]
    [InlineData(Phase.FlagSync)]
    [InlineData(Phase.ExpungeSync)]
    public async Task Cut_after_N_bytes_on_either_side_and_direction_then_a_clean_run_converges(Phase phase)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var options = (string box) => new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 2 };

        // A clean reference trial measures how many bytes each side exchanges in this phase.
        var reference = $"ref{phase}";
        await PrepareAsync(proxied, reference, phase, options(reference));
        var before = Bytes(proxied);
        await proxied.SyncAsync(proxied.Servers.Work.File(reference + ".db"), options(reference));
        var after = Bytes(proxied);
        await AssertConvergedAsync(proxied, reference, phase);

        int trials = 0, failed = 0, completed = 0;
        foreach (var side in new[] { SyncSide.Local, SyncSide.Remote })
        {
            foreach (var direction in new[] { FaultDirection.ClientToServer, FaultDirection.ServerToClient })
            {
                var total = after[(side, direction)] - before[(side, direction)];
                Assert.True(total > 100, $"{side} {direction}: only {total} bytes");
                for (var k = 0; k < OffsetCount; k++)
                {
                    // The first offset falls in the greeting or login, the rest spread over the run.
                    var offset = k == 0 ? Math.Min(17, total / 2) : total * k / OffsetCount;
                    var box = $"t{phase}{side}{direction}{k}z".ToLowerInvariant();
                    var db = proxied.Servers.Work.File(box + ".db");
                    await PrepareAsync(proxied, box, phase, options(box));
                    proxied.Proxy(side).Faults = [Fault.Cut(direction, offset, reset: k % 2 == 1)];
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        await proxied.SyncAsync(db, options(box));
                        completed++;
                    }
                    catch (Exception e)
                    {
                        AssertClearFailure(e, proxied, $"{phase} {side} {direction} at {offset}");
                        failed++;
                    }
                    finally
                    {
                        proxied.ClearFaults();
                    }

                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the faulted run took {clock.Elapsed}");
                    await proxied.SyncAsync(db, options(box));
                    await AssertConvergedAsync(proxied, box, phase);
                    trials++;
                }
            }
        }

        output.WriteLine($"{phase}: {trials} cut trials, {failed} runs failed cleanly, {completed} completed, 0 lost, 0 duplicated");
        Assert.True(failed >= trials / 2, $"only {failed} of {trials} faults hit the run");
    }

    [Theory]
    [InlineData(SyncSide.Local, FaultDirection.ServerToClient)]
    [InlineData(SyncSide.Local, FaultDirection.ClientToServer)]
    [InlineData(SyncSide.Remote, FaultDirection.ServerToClient)]
    [InlineData(SyncSide.Remote, FaultDirection.ClientToServer)]
    public async Task A_stalled_connection_times_out_instead_of_hanging_and_the_next_run_converges(SyncSide side, FaultDirection direction)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        proxied.CommandTimeout = TimeSpan.FromSeconds(2);
        var box = "stall";
        var options = new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 2 };
        await PrepareAsync(proxied, box, Phase.InitialCopy, options);

        // Past the greeting and login, stall forever in the middle of the sync.
        proxied.Proxy(side).Faults = [Fault.Stall(direction, 600)];
        var clock = Stopwatch.StartNew();
        var run = proxied.SyncAsync(proxied.Servers.Work.File("stall.db"), options);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(40)));
        Assert.True(finished == run, $"hung: {proxied.Proxy(side).BytesToServer} bytes to the server, {proxied.Proxy(side).BytesToClient} to the client");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => run);
        AssertClearFailure(error, proxied, "stall");
        Assert.Contains(Chain(error), e => e is ImapConnectionException or TimeoutException);
        output.WriteLine($"stall {side} {direction}: {error.GetType().Name}: {error.Message} after {clock.Elapsed.TotalSeconds:F1}s");

        proxied.ClearFaults();
        await proxied.SyncAsync(proxied.Servers.Work.File("stall.db"), options);
        await AssertConvergedAsync(proxied, box, Phase.InitialCopy);
    }

    [Fact]
    public async Task A_dripping_connection_still_completes_and_converges()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var box = "drip";
        var options = new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 2 };
        await PrepareAsync(proxied, box, Phase.InitialCopy, options);
        proxied.RemoteProxy.Faults = [Fault.Drip(FaultDirection.ServerToClient, 0, TimeSpan.FromMilliseconds(5), chunkSize: 64)];
        var clock = Stopwatch.StartNew();
        await proxied.SyncAsync(proxied.Servers.Work.File("drip.db"), options);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        proxied.ClearFaults();
        await AssertConvergedAsync(proxied, box, Phase.InitialCopy);
    }

    /// <summary>Hostile bytes injected into a real server's stream in the middle of an initial copy.</summary>
    public static TheoryData<string, string> HostileInjections => new()
    {
        { "garbage", "\r\n)))(( {12x}\r\n\0\0" },
        { "literal4g", "* 1 FETCH (UID 1 BODY[] {4294967296}\r\n" },
        { "nesting", "* 1 FETCH (X " + new string('(', 5000) + "\r\n" },
        { "unknowntag", "zzz9 OK done\r\n" },
        { "byeinliteral", "* 1 FETCH (UID 1 BODY[] {100}\r\nabc\r\n* BYE going away\r\n" },
        { "uidrange", "* 1 FETCH (UID 4294967296 FLAGS ())\r\n" },
    };

    [Theory]
    [MemberData(nameof(HostileInjections))]
    public async Task Hostile_bytes_from_one_server_fail_the_run_and_the_next_run_converges(string name, string payload)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        proxied.CommandTimeout = TimeSpan.FromSeconds(5);
        var box = "junk" + name;
        var options = new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 2 };
        await PrepareAsync(proxied, box, Phase.InitialCopy, options);
        proxied.RemoteProxy.Faults = [Fault.Inject(FaultDirection.ServerToClient, 900, System.Text.Encoding.ASCII.GetBytes(payload))];
        var db = proxied.Servers.Work.File(box + ".db");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => proxied.SyncAsync(db, options));
        AssertClearFailure(error, proxied, name);
        Assert.Equal(1, proxied.RemoteProxy.TriggeredCount);
        output.WriteLine($"{name}: {error.GetType().Name}: {error.Message}");
        proxied.ClearFaults();
        await proxied.SyncAsync(db, options);
        await AssertConvergedAsync(proxied, box, Phase.InitialCopy);
    }

    /// <summary>
    /// The remote advertises UIDPLUS but its APPEND replies lose the APPENDUID, list too few UIDs for a
    /// MULTIAPPEND, list four billion, or name another UIDVALIDITY (rewritten by the proxy).
    /// </summary>
    public static TheoryData<string, string, string> AppendUidLies => new()
    {
        { "missing", @" ?\[APPENDUID [^\]]*\]", "" },
        { "fewer", @"\[APPENDUID (\d+) (\d+)[:,]\d+\]", "[APPENDUID $1 $2]" },
        { "huge", @"\[APPENDUID (\d+) [^\]]*\]", "[APPENDUID $1 1:4294967295]" },
        { "validity", @"\[APPENDUID \d+", "[APPENDUID 1" }, // Dovecot's are timestamps
    };

    [Theory]
    [MemberData(nameof(AppendUidLies))]
    public async Task A_wrong_or_missing_APPENDUID_maps_nothing_wrongly_and_a_clean_run_converges(string lie, string pattern, string replacement)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var box = "appenduid" + lie;
        var options = new SyncOptions { ListMailbox = [box + "*"], AppendBatchMaxMessages = 2 };
        await PrepareAsync(proxied, box, Phase.InitialCopy, options);
        var appendUid = new System.Text.RegularExpressions.Regex(pattern);
        var rewritten = 0;
        proxied.RemoteProxy.Faults = [Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            var changed = line.Contains(" OK ", StringComparison.Ordinal) ? appendUid.Replace(line, replacement) : line;
            if (changed != line)
            {
                Interlocked.Increment(ref rewritten);
            }

            return changed;
        })];
        var db = proxied.Servers.Work.File(box + ".db");
        var events = new List<SyncEvent>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var summary = await proxied.SyncAsync(db, options, progress: new Inline(events));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        proxied.ClearFaults();

        Assert.True(rewritten > 0, "no APPENDUID was rewritten");
        // Process-wide (other tests run in parallel), so generous; expanding 1:4294967295 would need 16 GB.
        Assert.True(allocated < 1L << 30, $"{lie}: {allocated} bytes allocated by the process meanwhile");
        var said = string.Join("\n", summary.Errors.Select(e => "ERROR " + e.Message).Concat(events.Where(e => e.Kind == SyncEventKind.Warning).Select(e => e.Message)));
        output.WriteLine($"{lie}: {said}");
        if (lie == "validity")
        {
            var error = Assert.Single(summary.Errors);
            Assert.Equal(SyncSide.Remote, error.Side);
            Assert.Matches(@"APPENDUID gives UIDVALIDITY 1 but \S+ was selected with UIDVALIDITY \d{2,}", error.Message);
        }
        else
        {
            Assert.Empty(summary.Errors);
            Assert.Contains(events, e => e.Kind == SyncEventKind.Warning && e.Side == SyncSide.Remote && e.Message.Contains("APPENDUID", StringComparison.Ordinal));
            await AssertConvergedAsync(proxied, box, Phase.InitialCopy);
        }

        await AssertMappingsPairTheSameMessageAsync(proxied, db, box);
        await proxied.SyncAsync(db, options);
        await AssertConvergedAsync(proxied, box, Phase.InitialCopy);
        await AssertMappingsPairTheSameMessageAsync(proxied, db, box);
    }

    /// <summary>Every mapping row of the mailbox pairs two messages with the same Message-ID, read from both servers.</summary>
    private static async Task AssertMappingsPairTheSameMessageAsync(ProxiedDovecots proxied, string db, string box)
    {
        IReadOnlyList<MappedPair> pairs;
        using (var state = SyncStateStore.Open(db))
        {
            pairs = state.GetMappings(state.FindMailbox(box)!.Id);
        }

        var local = (await proxied.Servers.Local.FetchMessagesAsync(User, box)).ToDictionary(m => m.Uid, m => m.MessageId);
        var remote = (await proxied.Servers.Remote.FetchMessagesAsync(User, box)).ToDictionary(m => m.Uid, m => m.MessageId);
        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.Equal(local[p.LocalUid], remote[p.RemoteUid]));
    }

    private sealed class Inline(List<SyncEvent> events) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    /// <summary>A known error type somewhere in the chain, a message, and no password in any message.</summary>
    private static void AssertClearFailure(Exception e, ProxiedDovecots proxied, string what)
    {
        Assert.True(
            Chain(e).Any(x => x is ImapConnectionException or ImapProtocolException or SyncException or MailServerCommandException
                or IOException or SocketException or TimeoutException),
            $"{what}: unexpected {e}");
        Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: empty message");
        var text = e.ToString();
        Assert.DoesNotContain(proxied.Servers.Local.PasswordOf(User), text, StringComparison.Ordinal);
        Assert.DoesNotContain(proxied.Servers.Remote.PasswordOf(User), text, StringComparison.Ordinal);
    }

    private static Dictionary<(SyncSide, FaultDirection), long> Bytes(ProxiedDovecots p) => new()
    {
        [(SyncSide.Local, FaultDirection.ClientToServer)] = p.LocalProxy.BytesToServer,
        [(SyncSide.Local, FaultDirection.ServerToClient)] = p.LocalProxy.BytesToClient,
        [(SyncSide.Remote, FaultDirection.ClientToServer)] = p.RemoteProxy.BytesToServer,
        [(SyncSide.Remote, FaultDirection.ServerToClient)] = p.RemoteProxy.BytesToClient,
    };

    /// <summary>Seeds the trial's mailboxes; for the flag and expunge phases, syncs once cleanly and then changes both sides.</summary>
    private static async Task PrepareAsync(ProxiedDovecots proxied, string box, Phase phase, SyncOptions options)
    {
        var servers = proxied.Servers;
        await servers.Local.CreateMailboxAsync(User, box);
        await servers.Remote.CreateMailboxAsync(User, box);
        await servers.Local.AppendAsync(User, box, [DovecotSyncTests.Seed(box + "a", "\\Seen"), DovecotSyncTests.Seed(box + "b"), DovecotSyncTests.Seed(box + "c")]);
        await servers.Remote.AppendAsync(User, box, [DovecotSyncTests.Seed(box + "d", "\\Answered"), DovecotSyncTests.Seed(box + "e"), DovecotSyncTests.Seed(box + "f")]);
        await servers.Remote.CreateMailboxAsync(User, box + ".sub");
        await servers.Remote.AppendAsync(User, box + ".sub", DovecotSyncTests.Seed(box + "g"));
        if (phase == Phase.InitialCopy)
        {
            return;
        }

        await proxied.SyncAsync(servers.Work.File(box + ".db"), options);
        var local = (await servers.Local.FetchMessagesAsync(User, box)).ToDictionary(m => m.MessageId!);
        var remote = (await servers.Remote.FetchMessagesAsync(User, box)).ToDictionary(m => m.MessageId!);
        if (phase == Phase.FlagSync)
        {
            await servers.Local.ReplaceFlagsAsync(User, box, [local[$"<{box}a@x>"].Uid], ["\\Flagged"]);
            await servers.Local.AddFlagsAsync(User, box, [local[$"<{box}d@x>"].Uid], ["$Label1"]);
            await servers.Remote.AddFlagsAsync(User, box, [remote[$"<{box}b@x>"].Uid, remote[$"<{box}e@x>"].Uid], ["\\Seen"]);
            await servers.Remote.RemoveFlagsAsync(User, box, [remote[$"<{box}d@x>"].Uid], ["\\Answered"]);
        }
        else
        {
            await servers.Local.ExpungeAsync(User, box, [local[$"<{box}a@x>"].Uid, local[$"<{box}e@x>"].Uid]);
            await servers.Remote.ExpungeAsync(User, box, [remote[$"<{box}c@x>"].Uid]);
        }
    }

    private static string[] Expected(string box, Phase phase) => phase switch
    {
        Phase.InitialCopy =>
        [
            $"{box}/sub: <{box}g@x> []", $"{box}: <{box}a@x> [\\Seen]", $"{box}: <{box}b@x> []", $"{box}: <{box}c@x> []",
            $"{box}: <{box}d@x> [\\Answered]", $"{box}: <{box}e@x> []", $"{box}: <{box}f@x> []",
        ],
        Phase.FlagSync =>
        [
            // d: \Answered removed on one side, $Label1 added on the other: a conflict, so the union.
            $"{box}/sub: <{box}g@x> []", $"{box}: <{box}a@x> [\\Flagged]", $"{box}: <{box}b@x> [\\Seen]", $"{box}: <{box}c@x> []",
            $"{box}: <{box}d@x> [$Label1 \\Answered]", $"{box}: <{box}e@x> [\\Seen]", $"{box}: <{box}f@x> []",
        ],
        _ => [$"{box}/sub: <{box}g@x> []", $"{box}: <{box}b@x> []", $"{box}: <{box}d@x> [\\Answered]", $"{box}: <{box}f@x> []"],
    };

    /// <summary>Both servers hold exactly the expected messages (Message-ID and flags), none twice, and the database maps them.</summary>
    private static async Task AssertConvergedAsync(ProxiedDovecots proxied, string box, Phase phase)
    {
        var local = (await proxied.Servers.AssertConvergedAsync(proxied.Servers.Work.File(box + ".db"), box)).Select(Short).ToList();
        Assert.Equal(Expected(box, phase).Order(StringComparer.Ordinal), local);
    }

    // "mailbox: <id> size date [flags]" without size and date.
    private static string Short(string line)
    {
        var parts = line.Split(' ');
        return $"{parts[0]} {parts[1]} {line[line.LastIndexOf('[')..]}";
    }
}
