using System.Diagnostics;
using System.Globalization;
using Imap.Benchmarks.Parser.Data;
using Imap.Benchmarks.Parser.Replay;
using Imap.Protocol.Parsing;
using MailKit;

namespace Imap.Benchmarks.Parser;

/// <summary>
/// <c>parser-cpu</c>: the parser benchmarks timed in process CPU time as well as wall time, because on a
/// shared machine wall time mostly measures the other processes. Single-threaded loops, after warm-up.
/// </summary>
internal static class ParserCpuCommand
{
    public static async Task<int> RunAsync()
    {
        var flags100k = ResponseData.FlagsFetch(100_000);
        var flagsSegmented = ResponseData.Segmented(flags100k, 16 << 10);
        var body = ResponseData.Segmented(ResponseData.BodyLiteral(30 << 20), 64 << 10);
        var context = new ResponseParseContext();
        var scratch = new byte[64 << 10];
        using var mailKit = new MailKitSession(flags100k);
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.ModSeq);

        Console.WriteLine("| case | runs | wall ms/op | CPU ms/op | per CPU-second |");
        Console.WriteLine("|---|---|---|---|---|");
        await MeasureAsync("ours: frame scanner only, 100k FETCH lines", 20, 100_000, "items",
            () => Task.FromResult((long)OurPipeline.ScanOnly(flagsSegmented, context.Limits)));
        await MeasureAsync("ours: scanner + FetchSummaryParser, 100k items", 20, 100_000, "items",
            () => Task.FromResult(OurPipeline.ScanAndSummarize(flagsSegmented, context, scratch)));
        await MeasureAsync("ours: ImapResponseSource typed, 100k items", 10, 100_000, "items",
            async () => await OurPipeline.ReadTypedAsync(flagsSegmented));
        await MeasureAsync("MailKit: Fetch, 100k items", 3, 100_000, "items",
            () => Task.FromResult((long)mailKit.Inbox.Fetch(0, -1, request).Count));
        await MeasureAsync("ours: 30 MB BODY[] streamed to a sink", 20, 30 << 20, "bytes",
            async () =>
            {
                var sink = new CountingSink();
                await OurPipeline.ReadTypedAsync(body, sink);
                return sink.Bytes;
            });
        return 0;
    }

    private static async Task MeasureAsync(string name, int runs, long units, string unit, Func<Task<long>> operation)
    {
        // Warm-up long enough for tiered compilation to settle (its background JIT would count as CPU time).
        for (var i = 0; i < Math.Max(3, runs / 2); i++)
            await operation();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
            await operation();
        wall.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / runs;
        var wallMs = wall.Elapsed.TotalMilliseconds / runs;
        var rate = units / (cpuMs / 1000);
        var rateText = unit == "bytes"
            ? string.Create(CultureInfo.InvariantCulture, $"{rate / 1e9:F2} GB")
            : string.Create(CultureInfo.InvariantCulture, $"{rate / 1e6:F2} M {unit}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {runs} | {wallMs:F2} | {cpuMs:F2} | {rateText} |"));
    }
}
