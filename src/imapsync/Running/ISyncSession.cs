using ImapSync.Cli.Output;

namespace ImapSync.Cli.Running;

/// <summary>Both servers connected and the database open: one run of the chosen command, repeatable in watch mode.</summary>
internal interface ISyncSession : IAsyncDisposable
{
    /// <summary>
    /// Runs the command once. When <paramref name="stop"/> fires the session finishes the step in
    /// progress, commits it, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task RunAsync(SyncStatistics statistics, CancellationToken stop);

    /// <summary>Watch mode: returns when a server reports a change, or after <paramref name="interval"/>.</summary>
    Task WaitForChangesAsync(TimeSpan interval, CancellationToken stop);
}
