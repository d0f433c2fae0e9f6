namespace Imap.Protocol.Client;

/// <summary>
/// A command's place in the write order: it may write once the command called before it has finished
/// writing (or given up), so bytes reach the wire in the order the client's methods were called.
/// </summary>
internal sealed class WriteTurn
{
    // Not RunContinuationsAsynchronously: the next command is written right on the thread that
    // finished, without a thread-pool hop.
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.None);
    private readonly Task _previous;

    private WriteTurn(Task previous) => _previous = previous;

    /// <summary>A turn already over, to start a connection's chain with.</summary>
    public static WriteTurn Over()
    {
        var turn = new WriteTurn(Task.CompletedTask);
        turn.Pass();
        return turn;
    }

    /// <summary>The turn after this one.</summary>
    public WriteTurn Next() => new(_finished.Task);

    /// <summary>Completes when every command called earlier has finished writing or given up.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _previous.WaitAsync(cancellationToken);

    /// <summary>
    /// Lets the next command write: at once when the earlier ones are done, else as soon as they are
    /// (a command that gave up while waiting must not let a later one overtake an earlier one).
    /// </summary>
    public void Pass()
    {
        if (_previous.IsCompleted)
        {
            _finished.TrySetResult();
            return;
        }
        _previous.ContinueWith(static (_, state) => ((TaskCompletionSource)state!).TrySetResult(), _finished,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
