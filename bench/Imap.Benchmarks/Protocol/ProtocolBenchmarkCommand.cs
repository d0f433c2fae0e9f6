using System.Globalization;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Testing.Dovecot;

namespace Imap.Benchmarks.Protocol;

/// <summary>
/// <c>protocol</c> command: round-trip latency, FETCH (flags of N messages) and APPEND throughput
/// at several pipeline depths, against MailKit doing the same work, through a delaying proxy.
/// Without <c>--host</c> it starts a private Dovecot from the test fixture.
/// </summary>
internal static class ProtocolBenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseOptions(args);
        var latency = TimeSpan.FromMilliseconds(Number(options, "latency-ms", 20));
        var messageCount = Number(options, "messages", 10_000);
        var appendCount = Number(options, "appends", 1_000);
        var depths = options.GetValueOrDefault("depths", "1,8,32").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var skipMailKit = options.ContainsKey("no-mailkit");

        await using var dovecot = options.ContainsKey("host") ? null : await DovecotServer.StartAsync(new DovecotOptions { Tls = false });
        var host = options.GetValueOrDefault("host", dovecot?.Host ?? "127.0.0.1");
        var port = Number(options, "port", dovecot?.Port ?? 143);
        var user = options.GetValueOrDefault("user", "alice");
        var password = options.GetValueOrDefault("password", dovecot?.PasswordOf("alice") ?? "");
        var run = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^8..];
        var mailbox = options.GetValueOrDefault("mailbox", "bench-fetch-" + run);

        var direct = new BenchmarkTarget(host, port, user, password, mailbox);
        if (options.ContainsKey("transport"))
        {
            await CompareTransportsAsync(direct);
            return 0;
        }
        var uids = await SeedAsync(direct, messageCount, run);
        // No added latency: straight to the server, so only the clients' and the server's own costs count.
        await using var proxy = latency > TimeSpan.Zero ? new DelayingProxy(host, port, latency) : null;
        var target = proxy is null ? direct : direct with { Host = "127.0.0.1", Port = proxy.Port };
        var messages = Enumerable.Range(0, appendCount).Select(i => BenchmarkMessages.Create(i, run)).ToList();

        Console.WriteLine($"Server {host}:{port}, {latency.TotalMilliseconds} ms added each way, {uids.Count} messages to fetch, {appendCount} to append.");
        Console.WriteLine("CPU: the benchmark process's CPU time per command during the run (with the delaying proxy's share when there is one).");
        Console.WriteLine("Floor: the run's time over N commands x the added round trip (depth 1 cannot go below 1.00).");
        Console.WriteLine();
        Console.WriteLine("| client | depth | NOOP round trip | FETCH flags (s) | msg/s | CPU µs/cmd | floor | APPEND (s) | msg/s | CPU µs/cmd | floor |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var (rtt, mailKitRtt) = await RoundTripRuns.MeasureAsync(target, 40, !skipMailKit);
        var ours = new List<(int Depth, RunResult Fetch, RunResult Append)>();
        foreach (var depth in depths)
        {
            var fetch = await OurClientRuns.FetchFlagsAsync(target, depth, uids);
            var append = await OurClientRuns.AppendAsync(target, depth, $"bench-append-{run}-{depth}", messages);
            ours.Add((depth, fetch, append));
            Row("Imap.Protocol", depth.ToString(CultureInfo.InvariantCulture), rtt, fetch, append, latency);
        }
        if (!skipMailKit)
        {
            var fetch = await MailKitRuns.FetchFlagsAsync(target, uids);
            var append = await MailKitRuns.AppendAsync(target, $"bench-append-{run}-mailkit", messages);
            Row("MailKit 4.18", "1 (serial)", mailKitRtt!.Value, fetch, append, latency);
            Console.WriteLine();
            Console.WriteLine("| depth | FETCH throughput vs MailKit | APPEND throughput vs MailKit |");
            Console.WriteLine("|---|---|---|");
            foreach (var (depth, oursFetch, oursAppend) in ours)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {depth} | {fetch.Time / oursFetch.Time:0.00}x | {append.Time / oursAppend.Time:0.00}x |"));
            }
        }
        await CleanUpAsync(direct, options.ContainsKey("mailbox"));
        return 0;
    }

    /// <summary>Client CPU per NOOP over a NetworkStream's pipes and over SocketConnection, direct (no proxy).</summary>
    private static async Task CompareTransportsAsync(BenchmarkTarget target)
    {
        Console.WriteLine($"Plain TCP transport, direct to {target.Host}:{target.Port}: client CPU per NOOP (median of 7 alternating rounds of 4000)");
        Console.WriteLine();
        Console.WriteLine("| depth | NetworkStream + PipeReader/PipeWriter.Create | SocketConnection | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var depth in new[] { 1, 32 })
        {
            var (stream, socketConnection) = await TransportRuns.MeasureAsync(target, 4000, depth, rounds: 7);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {depth} | {stream:0.0} µs | {socketConnection:0.0} µs | {socketConnection / stream:0.00} |"));
        }
    }

    private static void Row(string client, string depth, TimeSpan rtt, RunResult fetch, RunResult append, TimeSpan latency) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {client} | {depth} | {rtt.TotalMilliseconds:0.00} ms | {fetch.Time.TotalSeconds:0.00} | {fetch.Messages / fetch.Time.TotalSeconds:0} | {fetch.CpuMicrosPerCommand:0} | {Floor(fetch, latency)} | {append.Time.TotalSeconds:0.00} | {append.Messages / append.Time.TotalSeconds:0} | {append.CpuMicrosPerCommand:0} | {Floor(append, latency)} |"));

    private static string Floor(RunResult run, TimeSpan latency) => latency > TimeSpan.Zero
        ? (run.Time / (run.Commands * 2 * latency)).ToString("0.000", CultureInfo.InvariantCulture)
        : "-";

    /// <summary>Creates the fetch mailbox with N messages (MULTIAPPEND batches, no added latency); returns their UIDs.</summary>
    private static async Task<IReadOnlyList<uint>> SeedAsync(BenchmarkTarget target, int count, string run)
    {
        await using var client = await OurClientRuns.ConnectAsync(target, 16);
        var box = new MailboxName(target.Mailbox);
        var existing = await client.ListAsync(new ListRequest { Patterns = [target.Mailbox] });
        if (existing.Count == 0)
        {
            await client.CreateAsync(box);
        }
        var status = await client.StatusAsync(box, StatusItems.Messages);
        var batches = Enumerable.Range((int)(status.Messages ?? 0), Math.Max(0, count - (int)(status.Messages ?? 0))).Chunk(500)
            .Select(batch => client.AppendAsync(box, batch.Select(i => new AppendMessage { Content = ImapLiteral.FromMemory(BenchmarkMessages.Create(i, run)) }).ToList()));
        await Task.WhenAll(batches);
        await client.SelectAsync(box, new SelectOptions { ReadOnly = true });
        var all = await client.SearchAsync(SearchKey.All);
        return all.Uids.Take(count).Select(u => u.Value).ToList();
    }

    private static async Task CleanUpAsync(BenchmarkTarget target, bool keep)
    {
        if (keep)
        {
            return;
        }
        await using var client = await OurClientRuns.ConnectAsync(target, 16);
        await client.DeleteAsync(new MailboxName(target.Mailbox));
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument {args[i]}");
            }
            var key = args[i][2..];
            var flag = key is "no-mailkit" or "transport";
            result[key] = flag ? "" : args[++i];
        }
        return result;
    }

    private static int Number(Dictionary<string, string> options, string key, int fallback) =>
        options.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
