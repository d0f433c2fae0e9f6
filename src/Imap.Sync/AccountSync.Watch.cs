using System.Globalization;
using System.Net.Sockets;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace Imap.Sync;

public sealed partial class AccountSync
{
    /// <summary>
    /// Runs <see cref="SyncAsync"/> again and again, <paramref name="interval"/> apart, until
    /// <paramref name="stop"/> (graceful, as for <see cref="SyncAsync"/>); then returns normally.
    /// <paramref name="runCompleted"/> gets each run's summary. A lost connection is reported as a
    /// <see cref="SyncEventKind.Warning"/> and reopened for the next run; with connections given to
    /// <see cref="Over"/> it is thrown instead, as is every other error.
    /// </summary>
    public async Task WatchAsync(TimeSpan interval, Action<SyncSummary>? runCompleted = null, CancellationToken stop = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var summary = await SyncAsync(stop).ConfigureAwait(false);
                runCompleted?.Invoke(summary);
                if (summary.StoppedEarly)
                {
                    return;
                }
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
            }

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

    private static bool IsConnectionLost(Exception e) =>
        e is ImapConnectionException or ImapTimeoutException or IOException or SocketException;
}
