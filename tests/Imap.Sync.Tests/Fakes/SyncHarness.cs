using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Convergence;

namespace Imap.Sync.Tests.Fakes;

/// <summary>Two in-memory servers, a state database on disk, and a way to run the engine between them.</summary>
internal sealed class SyncHarness : IDisposable
{
    private readonly TempDirectory _dir;

    /// <param name="inMemoryDirectory">The database on a RAM file system where there is one: for tests that run thousands of syncs, where fsync would dominate.</param>
    public SyncHarness(char? localDelimiter = '/', char? remoteDelimiter = '.', bool inMemoryDirectory = false)
    {
        _dir = new TempDirectory(inMemoryDirectory && Directory.Exists("/dev/shm") ? "/dev/shm" : null);
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
    public Func<AppendedUids, AppendedUids>? RemoteAppendReply { get; set; }

    public string DatabasePath => _dir.File("state.db");

    public List<SyncEvent> Events { get; } = [];

    public FakeMailServer? LastLocal { get; private set; }

    public FakeMailServer? LastRemote { get; private set; }

    public Task<SyncSummary> SyncAsync(Tripwire? tripwire = null) => RunAsync(e => e.SyncAsync(), tripwire);

    /// <summary>
    /// A sync killed by <paramref name="tripwire"/>; false when the run finished before reaching the kill
    /// point (a loop over kill points has then covered every operation).
    /// </summary>
    public async Task<bool> SyncKilledAsync(Tripwire tripwire)
    {
        try
        {
            await SyncAsync(tripwire);
        }
        catch (SimulatedKillException)
        {
        }

        return tripwire.Fired || tripwire.Count >= tripwire.KillAt;
    }

    public Task<SyncSummary> RepairAsync() => RunAsync(e => e.RepairAsync(), null);

    /// <summary>
    /// Runs offer lanes (<see cref="FakeMailServer.OpenLane"/>): every changed mailbox at once, as over a
    /// real connection, one operation at a time over both servers.
    /// </summary>
    public bool Lanes { get; set; }

    /// <summary>
    /// With lanes, more than 1: the engine may open this many pairs of connections (more fakes of the
    /// same servers, sharing the lanes' gate), which it does for a large copy (see <see cref="SyncOptions.LargeCopyMessages"/>).
    /// </summary>
    public int ConnectionsInFlight { get; set; } = 1;

    /// <summary>Called once the mailboxes of a wave have read their changes, before any writes (see <see cref="SyncEngine.ChangesRead"/>).</summary>
    public Func<IReadOnlyList<global::Imap.Sync.Engine.MailboxChanges>, CancellationToken, Task>? ChangesRead { get; set; }

    /// <param name="hookSide">Only that server calls <paramref name="hook"/> (null: both).</param>
    public async Task<SyncSummary> RunAsync(Func<SyncEngine, Task<SyncSummary>> action, Tripwire? tripwire, IOperationHook? hook = null, SyncSide? hookSide = null)
    {
        using var state = SyncStateStore.Open(DatabasePath);
        using var gate = Lanes ? new SemaphoreSlim(1, 1) : null;
        var localHook = (IOperationHook?)tripwire ?? (hookSide == SyncSide.Remote ? null : hook);
        var remoteHook = (IOperationHook?)tripwire ?? (hookSide == SyncSide.Local ? null : hook);
        LastLocal = new FakeMailServer(Local, LocalFeatures, localHook) { LaneGate = gate };
        LastRemote = new FakeMailServer(Remote, RemoteFeatures, remoteHook, RemoteAppendReply) { LaneGate = gate };
        var workers = gate is not null && ConnectionsInFlight > 1;
        MailServerConnector? connector = workers
            ? (side, _) => Task.FromResult(Gated(side == SyncSide.Local
                ? new FakeMailServer(Local, LocalFeatures, localHook) { LaneGate = gate }
                : new FakeMailServer(Remote, RemoteFeatures, remoteHook, RemoteAppendReply) { LaneGate = gate }))
            : null;
        // Connections used at once from several workers pass the gate too (a lane's operations always do).
        IMailServer Gated(FakeMailServer server) => !workers ? server : new HookedMailServer(server, null, gate) { OffersLanes = true };
        var options = connector is null ? Options : Options with { MaxMailboxesInFlight = ConnectionsInFlight };
        var engine = new SyncEngine(
            state,
            Gated(LastLocal),
            Gated(LastRemote),
            options,
            new InlineProgress(e =>
            {
                lock (Events)
                {
                    Events.Add(e);
                }
            }),
            connector)
        {
            ChangesRead = ChangesRead,
        };
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

    /// <summary>
    /// Reads both servers and the database back (see <see cref="ConvergenceCheck"/>): every mailbox the
    /// database knows, or those named (neutral names, NUL-separated hierarchy).
    /// </summary>
    public void AssertConverged(params string[] mailboxes)
    {
        using var state = SyncStateStore.Open(DatabasePath);
        var names = mailboxes.Length > 0 ? mailboxes : [.. state.GetMailboxes().Select(m => m.Name)];
        foreach (var name in names)
        {
            var localBox = Local[OnServer(name, Local)];
            var remoteBox = Remote[OnServer(name, Remote)];
            var stored = state.FindMailbox(name) ?? throw new InvalidOperationException($"{name} is not in the database");
            ConvergenceCheck.Mailbox(name, Seen(localBox), Seen(remoteBox), state.GetMappings(stored.Id), localBox.CanStore, remoteBox.CanStore);
        }

        static string OnServer(string neutral, FakeServer server) => server.Delimiter is { } d ? neutral.Replace('\0', d) : neutral;

        static List<SeenMessage> Seen(FakeMailbox box) => [.. box.Messages.Values.Select(m => new SeenMessage(m.Uid, m.Text, [.. m.Flags]))];
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<SyncEvent> report) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value) => report(value);
    }
}
