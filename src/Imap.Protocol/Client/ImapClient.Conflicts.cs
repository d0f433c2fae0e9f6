namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// Holds a command that has its write turn until no command in flight in the same selection
    /// conflicts with it (<see cref="MessageAccess.ConflictsWith"/>). It keeps the turn while it waits,
    /// so the commands called after it wait too and the wire order stays the call order.
    /// </summary>
    private async Task WaitForConflictsAsync(PendingCommand pending, CancellationToken cancellationToken)
    {
        if (pending.Access is not { } access)
        {
            return;
        }
        Task[] conflicting;
        lock (_sync)
        {
            conflicting = [.. _inFlight
                .Where(other => other.Epoch == _writtenEpoch && other.Access is { } used && used.ConflictsWith(access))
                .Select(other => other.Completion)];
        }
        if (conflicting.Length == 0)
        {
            return;
        }
        // Their failures are their callers' to see; a lost connection fails this command next.
        await Task.WhenAll(conflicting).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
