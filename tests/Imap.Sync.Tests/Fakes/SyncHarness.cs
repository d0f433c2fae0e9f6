using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Tests.Fakes;

/// <summary>Two in-memory servers, a state database on disk, and a way to run the engine between them.</summary>
internal sealed class SyncHarness : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SyncHarness(char? localDelimiter = '/', char? remoteDelimiter = '.')
    {
        Local = new FakeServer(localDelimiter);
        Remote = new FakeServer(remoteDelimiter);
        Local.Create("INBOX");
        Remote.Create("INBOX");
    }

    public FakeServer Local { get; }

    public FakeServer Remote { get; }

    public ServerFeatures LocalFeatures { get; set; } = FakeMailServer.AllFeatures;

    public ServerFeatures RemoteFeatures { get; set; } = FakeMailServer.AllFeatures;

    public SyncOptions Options { get; set; } = new();

    /// <summary>Rewrites what the remote's APPEND reports (see <see cref="FakeMailServer"/>).</summary>
    public Func<AppendResult, AppendResult>? RemoteAppendReply { get; set; }

    public string DatabasePath => _dir.File("state.db");

    public List<SyncEvent> Events { get; } = [];

    public FakeMailServer? LastLocal { get; private set; }

    public FakeMailServer? LastRemote { get; private set; }

    public Task<SyncSummary> SyncAsync(Tripwire? tripwire = null) => RunAsync(e => e.SyncAsync(), tripwire);

    public Task<SyncSummary> RepairAsync() => RunAsync(e => e.RepairAsync(), null);

    public async Task<SyncSummary> RunAsync(Func<SyncEngine, Task<SyncSummary>> action, Tripwire? tripwire, IOperationHook? hook = null)
    {
        using var state = SyncStateStore.Open(DatabasePath);
        LastLocal = new FakeMailServer(Local, LocalFeatures, (IOperationHook?)tripwire ?? hook);
        LastRemote = new FakeMailServer(Remote, RemoteFeatures, (IOperationHook?)tripwire ?? hook, RemoteAppendReply);
        var engine = new SyncEngine(state, LastLocal, LastRemote, Options, new InlineProgress(Events.Add));
        return await action(engine);
    }

    /// <summary>Connections opened by the engine's connector in <see cref="ParallelSyncAsync"/>.</summary>
    public int ExtraConnections { get; private set; }

    /// <summary>A sync with several mailboxes in flight, each worker on its own fake connections.</summary>
    public async Task<SyncSummary> ParallelSyncAsync(int inFlight)
    {
        using var state = SyncStateStore.Open(DatabasePath);
        using var localGate = new SemaphoreSlim(1, 1);
        using var remoteGate = new SemaphoreSlim(1, 1);
        IMailServer Connect(SyncSide side) => side == SyncSide.Local
            ? new HookedMailServer(new FakeMailServer(Local, LocalFeatures), null, localGate)
            : new HookedMailServer(new FakeMailServer(Remote, RemoteFeatures), null, remoteGate);

        var engine = new SyncEngine(
            state,
            Connect(SyncSide.Local),
            Connect(SyncSide.Remote),
            Options with { MaxMailboxesInFlight = inFlight },
            new InlineProgress(e =>
            {
                lock (Events)
                {
                    Events.Add(e);
                }
            }),
            (side, _) =>
            {
                ExtraConnections++;
                return Task.FromResult(Connect(side));
            });
        return await engine.SyncAsync();
    }

    public T WithState<T>(Func<SyncStateStore, T> read)
    {
        using var state = SyncStateStore.Open(DatabasePath);
        return read(state);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<SyncEvent> report) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value) => report(value);
    }
}
