namespace Imap.Sync.Ports;

/// <summary>
/// Hears a server report changes to its mailboxes, on a connection of its own (the synchronizing
/// connection and its selected mailbox stay untouched), so a watch loop can start the next run as soon
/// as something changed instead of after its interval. It hears from the moment it is opened, also
/// while a run is in progress: a change made after the run looked wakes the next wait at once.
/// </summary>
public interface IChangeListener : IAsyncDisposable
{
    /// <summary>Which mailboxes it hears about; changes elsewhere are found by the interval's runs.</summary>
    ChangeListenerScope Scope { get; }

    /// <summary>Forgets the changes heard so far: call it right before a run looks at the server (the run covers them).</summary>
    void Forget();

    /// <summary>
    /// Waits until the server reports a change (or has reported one since <see cref="Forget"/>) or
    /// <paramref name="timeout"/> passes; true when a change was reported. A broken connection throws:
    /// open a new listener.
    /// </summary>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
