using Imap.Protocol.Client;
using Imap.Protocol.Model;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>The pipelining contract: bytes on the wire follow the order the client's methods were called.</summary>
public class WireOrderTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Commands_from_many_concurrent_callers_reach_the_wire_in_call_order()
    {
        const int Callers = 8;
        const int PerCaller = 30;
        // The server answers each command as it arrives, so slots free up on the read loop while
        // other threads are calling: the moment two commands could be written in either order.
        await using var server = new ScriptedImapServer(Greeting,
            Enumerable.Range(0, Callers * PerCaller).Select(_ => new Exchange("*", "{tag} OK")).ToArray());
        await using var client = await Connect(server, depth: 4);
        var called = new List<string>();
        var tasks = new List<Task>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < PerCaller; i++)
            {
                var n = caller * PerCaller + i;
                lock (called)
                {
                    // The call returns its task once the command has its place; record that order.
                    var (task, text) = Call(client, n);
                    tasks.Add(task);
                    called.Add(text);
                }
                await Task.Yield();
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(callers).WaitAsync(s_limit);
        await Task.WhenAll(tasks).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(called, server.Received);
    }

    [Fact]
    public async Task Commands_granted_slots_together_are_written_in_call_order()
    {
        // A cancelled barrier at the head of the queue lets every command behind it in at once, each
        // resumed on the thread pool: without a write order they would race for the socket.
        const int Rounds = 20;
        const int Depth = 8;
        await using var server = new ScriptedImapServer(Greeting,
            Enumerable.Range(0, Rounds).Select(_ => new Exchange(
                Enumerable.Repeat("*", Depth).ToArray(),
                Enumerable.Range(0, Depth).Select(i => $"{{tag{i}}} OK").ToArray())).ToArray());
        await using var client = await Connect(server, depth: Depth);
        var called = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var held = client.NoopAsync(); // answered only once the whole round has arrived
            called.Add("NOOP");
            using var cancel = new CancellationTokenSource();
            var barrier = client.EnableAsync(["UTF8=ACCEPT"], cancel.Token);
            var queued = Enumerable.Range(0, Depth - 1).Select(i =>
            {
                called.Add($"CREATE r{round}m{i}");
                return client.CreateAsync(new MailboxName($"r{round}m{i}"));
            }).ToArray();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => barrier);
            await Task.WhenAll(queued.Append(held)).WaitAsync(s_limit);
        }

        Assert.Null(server.Error);
        Assert.Equal(called, server.Received);
    }

    [Fact]
    public async Task Ten_select_and_fetch_pairs_are_written_before_the_first_reply_is_read()
    {
        const int Pairs = 10;
        var commands = Enumerable.Range(0, Pairs).SelectMany(i => new[] { $"SELECT m{i}", $"UID FETCH {i + 1} (UID FLAGS)" }).ToArray();
        var replies = Enumerable.Range(0, Pairs).SelectMany(i => new[]
        {
            "* 1 EXISTS",
            $"{{tag{2 * i}}} OK [READ-WRITE] selected",
            $"* 1 FETCH (UID {i + 1} FLAGS ())",
            $"{{tag{2 * i + 1}}} OK fetched",
        }).ToArray();
        await using var server = new ScriptedImapServer(Greeting, new Exchange(commands, replies));
        var trace = new List<string>();
        await using var client = await Connect(server, depth: 32, trace: line =>
        {
            lock (trace)
            {
                trace.Add(line);
            }
        });

        var selects = new List<Task<SelectResult>>();
        var fetches = new List<Task<IReadOnlyList<FetchResponse>>>();
        for (var i = 0; i < Pairs; i++)
        {
            selects.Add(client.SelectAsync(new MailboxName($"m{i}")));
            fetches.Add(client.FetchListAsync(UidSet.FromUid(new Uid((uint)i + 1)), new FetchRequest { Flags = true }));
        }
        await Task.WhenAll(selects.Cast<Task>().Concat(fetches)).WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal([2 * Pairs], server.ReceivedWhenReplying);
        string[] lines;
        lock (trace)
        {
            lines = [.. trace];
        }
        var firstTaggedReply = Array.FindIndex(lines, l => l.Length > 3 && l.StartsWith("S: ", StringComparison.Ordinal) && char.IsAsciiDigit(l[3]));
        var lastCommand = Array.FindLastIndex(lines, l => l.StartsWith("C: ", StringComparison.Ordinal));
        Assert.Equal(2 * Pairs, lines.Count(l => l.StartsWith("C: ", StringComparison.Ordinal)));
        Assert.True(lastCommand < firstTaggedReply, $"command written after the first tagged reply was read:\n{string.Join('\n', lines)}");
        for (var i = 0; i < Pairs; i++)
        {
            Assert.Equal(new Uid((uint)i + 1), Assert.Single(await fetches[i]).Uid);
            Assert.Equal(1u, (await selects[i]).Mailbox.Exists);
        }
    }

    private static (Task Task, string Text) Call(ImapClient client, int n) => (n % 4) switch
    {
        0 => (client.SelectAsync(new MailboxName($"m{n}")), $"SELECT m{n}"),
        1 => (client.CreateAsync(new MailboxName($"m{n}")), $"CREATE m{n}"),
        2 => (client.FetchListAsync(UidSet.FromUid(new Uid((uint)n)), new FetchRequest { Flags = true }), $"UID FETCH {n} (UID FLAGS)"),
        _ => (client.StoreAsync(UidSet.FromUid(new Uid((uint)n)), StoreAction.Add, ["\\Seen"]), $"UID STORE {n} +FLAGS (\\Seen)"),
    };
}
