using System.Collections.Concurrent;
using Imap.Sync.Engine;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync;

/// <summary>
/// Bidirectional synchronization between two IMAP servers with InterIMAP's semantics. Most callers
/// want <see cref="AccountSync"/>, the library's entry point (endpoints and a state file, watching,
/// graceful stop; the CLI runs through it too). <see cref="SyncEngine"/> is the layer below, for
/// callers with their own state and connection handling: one instance serves one run on two connected
/// servers and an open state store.
/// </summary>
/// <example>
/// <code>
/// using var state = SyncStateStore.Open(path);
/// await using var local = await ImapMailServer.OpenAsync(localClient);   // or your own IMailServer
/// await using var remote = await ImapMailServer.OpenAsync(remoteClient);
/// var engine = new SyncEngine(state, local, remote, new SyncOptions(), progress);
/// SyncSummary summary = await engine.SyncAsync(cancellationToken);
/// </code>
/// </example>
public sealed class SyncEngine
{
    private readonly SyncStateStore _state;
    private readonly IMailServer _local;
    private readonly IMailServer _remote;
    private readonly SyncOptions _options;
    private readonly IProgress<SyncEvent>? _progress;
    private readonly MailServerConnector? _connector;

    /// <summary>
    /// Creates an engine over two connected servers and an open state store. <paramref name="progress"/>
    /// is called on the engine's threads, from several at once when mailboxes run in parallel. With a
    /// <paramref name="connector"/> and <see cref="SyncOptions.MaxMailboxesInFlight"/> above 1, more
    /// connections are opened to work on several mailboxes at once.
    /// </summary>
    public SyncEngine(
        SyncStateStore state,
        IMailServer local,
        IMailServer remote,
        SyncOptions? options = null,
        IProgress<SyncEvent>? progress = null,
        MailServerConnector? connector = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        _state = state;
        _local = local;
        _remote = remote;
        _options = options ?? new SyncOptions();
        _progress = progress;
        _connector = connector;
    }

    /// <summary>
    /// Normal sync: reconcile the mailbox lists, then synchronize every mailbox whose status changed.
    /// A mailbox-level error (e.g. UIDVALIDITY change) stops that mailbox only and is listed in
    /// <see cref="SyncSummary.Errors"/>; list-level errors throw <see cref="SyncException"/>. See
    /// <see cref="SyncOptions.StopRequested"/> to stop between mailboxes.
    /// </summary>
    public Task<SyncSummary> SyncAsync(CancellationToken cancellationToken = default) => RunAsync(repair: false, cancellationToken);

    /// <summary>
    /// <c>--repair</c>: like <see cref="SyncAsync"/> but every mailbox is fully scanned on both sides,
    /// flags are compared pair by pair (union where both differ from the record), missing copies are
    /// made again instead of deleting anything, and unmapped messages are copied to the other side.
    /// </summary>
    public Task<SyncSummary> RepairAsync(CancellationToken cancellationToken = default) => RunAsync(repair: true, cancellationToken);

    /// <summary>
    /// <c>--delete MAILBOX...</c>: deletes each mailbox (not recursively; never INBOX) on the targeted
    /// servers where it exists, and forgets it in the database when targeted. Names use the local delimiter.
    /// </summary>
    public async Task<SyncSummary> DeleteMailboxesAsync(IReadOnlyList<string> mailboxes, SyncTargets targets = SyncTargets.All, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailboxes);
        var reporter = new SyncReporter(_progress);
        var commands = await MailboxCommands.CreateAsync(_local, _remote, _state, _options, reporter, cancellationToken).ConfigureAwait(false);
        await commands.DeleteAsync(mailboxes, targets, cancellationToken).ConfigureAwait(false);
        return reporter.Summary();
    }

    /// <summary>
    /// <c>--rename SOURCE DEST</c>: renames on the targeted servers (inferiors move too) and in the
    /// database; refused when DEST already exists on a target.
    /// </summary>
    public async Task<SyncSummary> RenameMailboxAsync(string source, string destination, SyncTargets targets = SyncTargets.All, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var reporter = new SyncReporter(_progress);
        var commands = await MailboxCommands.CreateAsync(_local, _remote, _state, _options, reporter, cancellationToken).ConfigureAwait(false);
        await commands.RenameAsync(source, destination, targets, cancellationToken).ConfigureAwait(false);
        return reporter.Summary();
    }

    private async Task<SyncSummary> RunAsync(bool repair, CancellationToken cancellationToken)
    {
        var reporter = new SyncReporter(_progress);
        var reconciler = new MailboxListReconciler(_local, _remote, _state, _options, reporter);
        var (plans, localNaming, remoteNaming) = await reconciler.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        var context = new SyncContext(_local, _remote, _state, _options, reporter, localNaming, remoteNaming, repair);
        var pending = new ConcurrentQueue<MailboxPlan>();
        foreach (var plan in plans)
        {
            if (new MailboxSynchronizer(context, plan).IsUnchanged())
            {
                reporter.Unchanged();
            }
            else
            {
                pending.Enqueue(plan);
            }
        }

        reporter.Report(new SyncEvent(SyncEventKind.Planned, $"{pending.Count} mailbox(es) to synchronize, {plans.Count - pending.Count} unchanged", Count: pending.Count));
        int notStarted;
        var onLanes = await ConnectionRule.OnLanesAsync(context, pending, _connector is not null).ConfigureAwait(false);
        var moves = new MoveReplayer(context);
        var acrossWaves = await moves.AcrossWavesAsync(pending, onLanes).ConfigureAwait(false);
        if (acrossWaves)
        {
            // Mailboxes not all read together: moves between them are replayed first, account-wide.
            await moves.ReplayAcrossWavesAsync([.. pending], cancellationToken).ConfigureAwait(false);
        }

        if (onLanes)
        {
            // Otherwise moves between a wave's mailboxes are seen at its read barrier.
            notStarted = acrossWaves
                ? await LaneWaves.RunAsync(context, [.. pending], ChangesRead, cancellationToken).ConfigureAwait(false)
                : await LaneWaves.RunAsync(context with { Moves = moves }, [.. pending], WithMoves(moves), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            notStarted = await RunOnWorkersAsync(context, pending, cancellationToken).ConfigureAwait(false);
        }

        if (notStarted > 0)
        {
            reporter.NotStarted(notStarted);
        }

        return reporter.Summary();
    }

    /// <summary>
    /// Called once the mailboxes synchronized together have all read their changes, before any of them
    /// writes (see <see cref="ReadBarrier"/>): where a step that needs the whole account in view plugs in.
    /// </summary>
    internal Func<IReadOnlyList<MailboxChanges>, CancellationToken, Task>? ChangesRead { get; set; }

    private Func<IReadOnlyList<MailboxChanges>, CancellationToken, Task> WithMoves(MoveReplayer moves) => async (changes, cancellationToken) =>
    {
        if (ChangesRead is { } hook)
        {
            await hook(changes, cancellationToken).ConfigureAwait(false);
        }

        await moves.ReplayAsync(changes, cancellationToken).ConfigureAwait(false);
    };

    // Mailboxes one at a time per pair of connections, on up to MaxMailboxesInFlight pairs; returns how
    // many were not started (graceful stop).
    private async Task<int> RunOnWorkersAsync(SyncContext context, ConcurrentQueue<MailboxPlan> pending, CancellationToken cancellationToken)
    {
        var extra = _connector is null ? 0 : Math.Min(_options.MaxMailboxesInFlight, pending.Count) - 1;
        var workers = new List<Task> { WorkAsync(context, pending, ChangesRead, cancellationToken) };
        for (var i = 0; i < extra; i++)
        {
            workers.Add(ExtraWorkerAsync(context, pending, cancellationToken));
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return pending.Count;
    }

    // Each worker checks for a graceful stop before taking the next mailbox; the ones in flight go on.
    // Each mailbox is its own read barrier: the hook sees one mailbox at a time.
    private static async Task WorkAsync(
        SyncContext context, ConcurrentQueue<MailboxPlan> pending, Func<IReadOnlyList<MailboxChanges>, CancellationToken, Task>? changesRead, CancellationToken cancellationToken)
    {
        while (!context.Options.StopRequested.IsCancellationRequested && pending.TryDequeue(out var plan))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var barrier = new ReadBarrier(1, changesRead);
            try
            {
                await MailboxRunner.SyncAsync(context with { Barrier = barrier }, plan, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                barrier.Leave(plan);
            }
        }
    }

    // A worker on its own pair of connections; if they cannot be opened the other workers carry on.
    private async Task ExtraWorkerAsync(SyncContext context, ConcurrentQueue<MailboxPlan> pending, CancellationToken cancellationToken)
    {
        IMailServer? local = null, remote = null;
        try
        {
            var localTask = _connector!(SyncSide.Local, cancellationToken);
            var remoteTask = _connector!(SyncSide.Remote, cancellationToken);
            try
            {
                local = await localTask.ConfigureAwait(false);
            }
            finally
            {
                remote = await remoteTask.ConfigureAwait(false);
            }

            await WorkAsync(context with { Local = local, Remote = remote }, pending, ChangesRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && (local is null || remote is null))
        {
            context.Reporter.Warning($"Couldn't open another connection ({ex.Message}); going on with fewer mailboxes in flight.");
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
            }

            if (remote is not null)
            {
                await remote.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
