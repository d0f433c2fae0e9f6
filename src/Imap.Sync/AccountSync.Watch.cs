using System.Globalization;
using System.Net.Sockets;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Ports;

namespace Imap.Sync;

public sealed partial class AccountSync
{
    /// <summary>
    /// With <see cref="WatchAsync"/>: listen for changes on one more connection per side (NOTIFY for
    /// every mailbox where offered, else IDLE on INBOX; see <see cref="SyncEndpoint.ListenAsync"/>) and
    /// start the next run as soon as a server reports one, not only after the interval. Only for
    /// endpoints given to the constructor (not <see cref="Over"/>); a server that can report nothing is polled.
    /// </summary>
    public bool ListenForChanges { get; init; }

    /// <summary>
    /// Runs <see cref="SyncAsync"/> again and again, <paramref name="interval"/> apart (or sooner, see
    /// <see cref="ListenForChanges"/>), until <paramref name="stop"/> (graceful, as for
    /// <see cref="SyncAsync"/>); then returns normally. <paramref name="runCompleted"/> gets each run's
    /// summary. A lost connection is reported as a <see cref="SyncEventKind.Warning"/> and reopened for
    /// the next run; with connections given to <see cref="Over"/> it is thrown instead, as is every other error.
    /// </summary>
    public async Task WatchAsync(TimeSpan interval, Action<SyncSummary>? runCompleted = null, CancellationToken stop = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        var listeners = new Listeners(this);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await listeners.OpenAsync(stop).ConfigureAwait(false);
                    var summary = await SyncAsync(stop).ConfigureAwait(false);
                    runCompleted?.Invoke(summary);
                    if (summary.StoppedEarly)
                    {
                        return;
                    }

                    await listeners.WaitAsync(interval, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (_localEndpoint is not null && IsConnectionLost(e))
                {
                    Progress?.Invoke(this, new SyncEvent(SyncEventKind.Warning, string.Create(CultureInfo.InvariantCulture,
                        $"Connection lost ({e.Message}); reconnecting in {interval.TotalSeconds:0} s.")));
                    await CloseConnectionsAsync().ConfigureAwait(false);
                    await listeners.CloseAsync().ConfigureAwait(false);
                    try
                    {
                        await Task.Delay(interval, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            await listeners.CloseAsync().ConfigureAwait(false);
        }
    }

    private static bool IsConnectionLost(Exception e) =>
        e is ImapConnectionException or ImapTimeoutException or TimeoutException or IOException or SocketException;

    // The watch loop's listeners: opened before the first run (so a change during it is heard), told to
    // forget before each run, and reopened after a lost connection.
    private sealed class Listeners(AccountSync owner)
    {
        private readonly List<IChangeListener> _open = [];
        private bool _opened;

        public async Task OpenAsync(CancellationToken cancellationToken)
        {
            if (!_opened && owner.ListenForChanges && owner._localEndpoint is not null)
            {
                _opened = true;
                foreach (var endpoint in new[] { owner._localEndpoint, owner._remoteEndpoint! })
                {
                    if (await endpoint.ListenAsync(cancellationToken).ConfigureAwait(false) is { } listener)
                    {
                        _open.Add(listener);
                    }
                }
            }

            foreach (var listener in _open)
            {
                listener.Forget();
            }
        }

        public Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) =>
            _open.Count == 0 ? Task.Delay(interval, cancellationToken) : ChangeWait.AnyAsync(_open, interval, cancellationToken);

        public async Task CloseAsync()
        {
            foreach (var listener in _open)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            _open.Clear();
            _opened = false;
        }
    }
}
