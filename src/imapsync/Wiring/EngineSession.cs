using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Sync;
using Imap.Sync.State;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// One open database and two logged-in servers. A run goes through <see cref="AccountSync"/>. On a stop
/// request the mailbox in progress is finished (the engine commits after each one) and no other is
/// started (<see cref="SyncOptions.StopRequested"/>); if it takes longer than <see cref="GracePeriod"/>, the engine is cancelled, which its
/// crash-safety (copy intents, commits per batch) makes safe.
/// </summary>
internal sealed class EngineSession : ISyncSession
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    private readonly SyncStateStore _state;
    private readonly SpoolDirectory? _spool;
    private readonly IConnectedServer _local;
    private readonly IConnectedServer _remote;
    private readonly SyncOptions _syncOptions;
    private readonly CliOptions _options;
    private readonly Logger _logger;
    private readonly ExtraConnections? _extraConnections;
    private ServerTraffic _localCounted = ServerTraffic.None;
    private ServerTraffic _remoteCounted = ServerTraffic.None;

    /// <param name="extraConnections">Opens more connections for several mailboxes at once; null keeps one per server.</param>
    public EngineSession(SyncStateStore state, IConnectedServer local, IConnectedServer remote, SyncOptions syncOptions, CliOptions options, Logger logger,
        ExtraConnections? extraConnections = null, SpoolDirectory? spool = null)
    {
        _spool = spool;
        _state = state;
        _local = local;
        _remote = remote;
        _syncOptions = syncOptions;
        _options = options;
        _logger = logger;
        _extraConnections = extraConnections;
    }

    public async Task RunAsync(SyncStatistics statistics, CancellationToken stop)
    {
        stop.ThrowIfCancellationRequested();
        if (_options.Notify && _options.WatchInterval is { } interval)
        {
            // Listening from before the sync looks: a change made while it runs wakes the next wait.
            foreach (var listener in await ListenersAsync(interval, stop))
            {
                listener.Forget();
            }
        }

        // The library's facade runs the command (graceful stop, then cancellation after the grace period).
        var sink = new SyncEventSink(_logger, statistics);
        await using var sync = AccountSync.Over(_state, _local.Server, _remote.Server, _syncOptions with { StopGracePeriod = GracePeriod },
            _extraConnections is null ? null : _extraConnections.ConnectAsync);
        sync.Progress += (_, e) => sink.Report(e);
        SyncSummary summary;
        try
        {
            summary = _options.Command switch
            {
                SyncCommand.Repair => await sync.RepairAsync(stop),
                SyncCommand.Delete => await sync.DeleteMailboxesAsync(_options.Mailboxes, _options.Targets, stop),
                SyncCommand.Rename => await sync.RenameMailboxAsync(_options.Mailboxes[0], _options.Mailboxes[1], _options.Targets, stop),
                _ => await sync.SyncAsync(stop),
            };
        }
        finally
        {
            // Watch mode sleeps between runs: the extra connections are not kept idle meanwhile.
            var extra = _extraConnections is null ? (ServerTraffic.None, ServerTraffic.None) : await _extraConnections.CloseAllAsync();
            CountTraffic(statistics, extra);
        }

        if (summary.Errors.Count > 0)
        {
            // Each was already logged as it happened; the other mailboxes were synchronized.
            throw new CliFailure(ExitCodes.NeedsDecision,
                $"{summary.Errors.Count} mailbox(es) need attention, see the errors above");
        }

        if (summary.StoppedEarly)
        {
            throw new OperationCanceledException("stopped on request", stop);
        }
    }

    // Each run gets the traffic since the previous one (login and watch-mode waits included), so the
    // runs' sum is the connections' total. Extra connections live for one run only.
    private void CountTraffic(SyncStatistics statistics, (ServerTraffic Local, ServerTraffic Remote) extra)
    {
        var local = _local.Traffic;
        var remote = _remote.Traffic;
        statistics.AddTraffic(local.Minus(_localCounted).Plus(extra.Local), remote.Minus(_remoteCounted).Plus(extra.Remote));
        _localCounted = local;
        _remoteCounted = remote;
    }

    public async Task WaitForChangesAsync(TimeSpan interval, CancellationToken stop)
    {
        if (!_options.Notify)
        {
            await Task.Delay(interval, stop);
            return;
        }

        // Whichever side reports first wakes us; a side that can neither NOTIFY nor IDLE is covered by
        // the interval, i.e. polled. A broken listener surfaces its error (the watch loop then reconnects).
        await ChangeWait.AnyAsync(await ListenersAsync(interval, stop), interval, stop);
    }

    private async Task<IReadOnlyList<IChangeListener>> ListenersAsync(TimeSpan interval, CancellationToken stop)
    {
        var both = await Task.WhenAll(_local.ListenAsync(interval, stop), _remote.ListenAsync(interval, stop));
        return [.. both.OfType<IChangeListener>()];
    }

    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync();
        await _remote.DisposeAsync();
        _spool?.Dispose();
        _state.Dispose();
    }
}
