using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Tests.Running;

/// <summary>A scripted engine: each open/run/wait does what the test queued.</summary>
internal sealed class FakeSessionFactory : ISyncSessionFactory
{
    public Queue<Func<Exception?>> Opens { get; } = new();

    public Queue<Func<SyncStatistics, CancellationToken, Task>> Runs { get; } = new();

    public Func<CancellationToken, Task> Wait { get; set; } = _ => Task.CompletedTask;

    public int OpenCount { get; private set; }

    public int RunCount { get; private set; }

    public int DisposeCount { get; private set; }

    public CliOptions? LastOptions { get; private set; }

    public Task<ISyncSession> OpenAsync(SyncConfig config, CliOptions options, Logger logger, CancellationToken stop)
    {
        OpenCount++;
        LastOptions = options;
        if (Opens.TryDequeue(out var open) && open() is { } error)
        {
            throw error;
        }

        return Task.FromResult<ISyncSession>(new Session(this));
    }

    private sealed class Session(FakeSessionFactory owner) : ISyncSession
    {
        public Task RunAsync(SyncStatistics statistics, CancellationToken stop)
        {
            owner.RunCount++;
            return owner.Runs.TryDequeue(out var run) ? run(statistics, stop) : Task.CompletedTask;
        }

        public Task WaitForChangesAsync(TimeSpan interval, CancellationToken stop) => owner.Wait(stop);

        public ValueTask DisposeAsync()
        {
            owner.DisposeCount++;
            return ValueTask.CompletedTask;
        }
    }
}
