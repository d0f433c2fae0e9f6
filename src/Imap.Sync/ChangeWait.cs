using Imap.Sync.Ports;

namespace Imap.Sync;

/// <summary>The wait of a watch loop between two runs, over the listeners of both sides.</summary>
public static class ChangeWait
{
    /// <summary>
    /// Returns when one of <paramref name="listeners"/> hears a change (true) or after
    /// <paramref name="interval"/> (false; servers without a listener are polled: the interval covers them).
    /// A listener that fails throws its error after the others' waits have ended.
    /// </summary>
    public static async Task<bool> AnyAsync(IReadOnlyList<IChangeListener> listeners, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = listeners.Select(l => l.WaitAsync(interval, either.Token)).ToList();
        var sleeping = Task.Delay(interval, either.Token);
        try
        {
            var pending = new List<Task>(waits) { sleeping };
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                if (done == sleeping)
                {
                    break;
                }

                // A failed listener throws its error here; false: it timed out.
                if (await ((Task<bool>)done).ConfigureAwait(false))
                {
                    return true;
                }
            }
        }
        finally
        {
            await either.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(waits.Select(w => w.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }
}
