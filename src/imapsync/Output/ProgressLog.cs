namespace ImapSync.Cli.Output;

/// <summary>
/// Periodic progress as plain log lines, for runs whose standard error is not a terminal (systemd's
/// journal, cron mail, a pipe), where the redrawn status line cannot be used. A line is written only
/// when the counters moved since the previous one, so an idle watch loop stays silent.
/// </summary>
internal sealed class ProgressLog : IAsyncDisposable
{
    /// <summary>How often a long pass reports when standard error is not a terminal.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private readonly Logger _logger;
    private readonly Func<SyncStatistics> _statistics;
    private readonly TimeProvider _clock;
    private readonly long _start;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private (long, long, long, long, long, long, long) _lastLogged;

    public ProgressLog(Logger logger, TimeProvider clock, Func<SyncStatistics> statistics, TimeSpan interval)
    {
        _logger = logger;
        _statistics = statistics;
        _clock = clock;
        _start = clock.GetTimestamp();
        _loop = interval > TimeSpan.Zero ? LoopAsync(interval, _stop.Token) : Task.CompletedTask;
    }

    /// <summary>Writes a progress line if anything moved since the last one; returns whether it did.</summary>
    public bool Tick()
    {
        var s = _statistics();
        var counters = (s.MailboxesDone, s.MessagesToRemote, s.MessagesToLocal, s.BytesToRemote, s.BytesToLocal, s.FlagUpdates, s.Expunges);
        if (counters == _lastLogged || counters == default)
        {
            _lastLogged = counters;
            return false;
        }

        _lastLogged = counters;
        _logger.Info(null, null, "progress: " + ProgressDisplay.Render(s, _clock.GetElapsedTime(_start)));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
