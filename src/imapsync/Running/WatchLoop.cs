using System.Globalization;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Running;

/// <summary>
/// Runs the command once, or in watch mode forever: sync, wait for changes, repeat; after a network
/// error, reconnect with a delay that doubles from <see cref="FirstRetryDelay"/> up to
/// <see cref="MaxRetryDelay"/> (5 s and 10 min by default). Returns when <c>stop</c> fires between steps.
/// </summary>
internal sealed class WatchLoop
{
    public static readonly TimeSpan DefaultFirstRetryDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromMinutes(10);

    private readonly ISyncSessionFactory _factory;
    private readonly SyncConfig _config;
    private readonly CliOptions _options;
    private readonly Logger _logger;
    private readonly TimeProvider _clock;

    public WatchLoop(ISyncSessionFactory factory, SyncConfig config, CliOptions options, Logger logger, TimeProvider clock)
    {
        _factory = factory;
        _config = config;
        _options = options;
        _logger = logger;
        _clock = clock;
    }

    public TimeSpan FirstRetryDelay { get; init; } = DefaultFirstRetryDelay;

    public TimeSpan MaxRetryDelay { get; init; } = DefaultMaxRetryDelay;

    /// <summary>Counters of all runs so far.</summary>
    public SyncStatistics Total { get; } = new();

    /// <summary>Counters of the run in progress (what the progress line shows).</summary>
    public SyncStatistics Current { get; private set; } = new();

    /// <summary>Called after each successful run in watch mode (e.g. to print its summary).</summary>
    public Action<SyncStatistics>? RunCompleted { get; set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var retryDelay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await using var session = await _factory.OpenAsync(_config, _options, _logger, stop);
                retryDelay = FirstRetryDelay;
                while (true)
                {
                    Current = new SyncStatistics();
                    try
                    {
                        await session.RunAsync(Current, stop);
                    }
                    finally
                    {
                        Total.Add(Current);
                    }

                    if (_options.WatchInterval is not { } interval)
                    {
                        return;
                    }

                    RunCompleted?.Invoke(Current);
                    await session.WaitForChangesAsync(interval, stop);
                }
            }
            catch (Exception e) when (_options.IsWatching && !stop.IsCancellationRequested && ErrorClassifier.IsConnectionError(e))
            {
                _logger.Error(null, null, ErrorClassifier.Classify(e).Message);
                _logger.Info(null, null, string.Create(CultureInfo.InvariantCulture, $"reconnecting in {retryDelay.TotalSeconds:0.##} s"));
                await Task.Delay(retryDelay, _clock, stop);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
