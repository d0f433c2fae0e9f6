using System.Diagnostics;

namespace Imap.Benchmarks.Protocol;

/// <summary>
/// NOOP round trips, alternating between the two clients so that load on a shared machine hits
/// both alike; returns the median of each.
/// </summary>
internal static class RoundTripRuns
{
    public static async Task<(TimeSpan Ours, TimeSpan? MailKit)> MeasureAsync(BenchmarkTarget target, int count, bool withMailKit)
    {
        await using var ours = await OurClientRuns.ConnectAsync(target, 1);
        using var mailKit = withMailKit ? await MailKitRuns.ConnectAsync(target) : null;
        var oursTimes = new List<TimeSpan>();
        var mailKitTimes = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await ours.NoopAsync();
            oursTimes.Add(clock.Elapsed);
            if (mailKit is not null)
            {
                clock.Restart();
                await mailKit.NoOpAsync();
                mailKitTimes.Add(clock.Elapsed);
            }
        }
        if (mailKit is not null)
        {
            await mailKit.DisconnectAsync(true);
        }
        return (Median(oursTimes), mailKit is null ? null : Median(mailKitTimes));
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
