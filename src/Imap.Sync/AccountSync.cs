using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync;

/// <summary>
/// Keeps two IMAP accounts in sync: the library's entry point. Give it two endpoints and a state file
/// (<see cref="AccountSync(SyncEndpoint, SyncEndpoint, string, SyncOptions?)"/>), then run once
/// (<see cref="SyncAsync"/>) or keep running (<see cref="WatchAsync"/>); <see cref="Progress"/> reports
/// what happens and each run returns a <see cref="SyncSummary"/>. The imapsync command line runs
/// through this class too (<see cref="Over"/>).
/// </summary>
/// <example>
/// <code>
/// await using var sync = new AccountSync(
///     SyncEndpoint.Imap(new ImapClientOptions { Transport = new() { Host = "localhost", Security = ImapSecurity.StartTls } }, new ImapCredentials { UserName = "me", Password = "pw" }),
///     SyncEndpoint.Imap(new ImapClientOptions { Transport = new() { Host = "imap.example.org" } }, new ImapCredentials { UserName = "me@example.org", Password = "pw2" }),
///     "mail.db");
/// sync.Progress += (_, e) => Console.WriteLine($"{e.Side}({e.Mailbox}): {e.Message}");
/// SyncSummary summary = await sync.SyncAsync();
/// </code>
/// </example>
public sealed partial class AccountSync : IAsyncDisposable
{
    private readonly SyncEndpoint? _localEndpoint;
    private readonly SyncEndpoint? _remoteEndpoint;
    private readonly string? _statePath;
    private readonly MailServerConnector? _moreConnections;
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);
    private SyncStateStore? _state;
    private IMailServer? _local;
    private IMailServer? _remote;

    /// <summary>
    /// Synchronizes the accounts behind <paramref name="local"/> and <paramref name="remote"/>, keeping
    /// what was agreed in the SQLite file <paramref name="statePath"/> (InterIMAP's format; created when
    /// missing unless <see cref="CreateStateIfMissing"/> is false). Nothing is opened before the first run
    /// or <see cref="OpenAsync"/>; the state file and connections stay open until disposal.
    /// </summary>
    public AccountSync(SyncEndpoint local, SyncEndpoint remote, string statePath, SyncOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentException.ThrowIfNullOrEmpty(statePath);
        _localEndpoint = local;
        _remoteEndpoint = remote;
        _statePath = statePath;
        Options = options ?? new SyncOptions();
        _moreConnections = (side, cancellationToken) => (side == SyncSide.Local ? local : remote).OpenAsync(cancellationToken);
    }

    private AccountSync(SyncStateStore state, IMailServer local, IMailServer remote, SyncOptions? options, MailServerConnector? moreConnections)
    {
        _state = state;
        _local = local;
        _remote = remote;
        Options = options ?? new SyncOptions();
        _moreConnections = moreConnections;
    }

    /// <summary>
    /// Runs over a state store and two connections that the caller opened and keeps owning (disposing
    /// this leaves them open): for callers with their own connection handling, as the CLI has.
    /// <paramref name="moreConnections"/> opens the extra connections for <see cref="SyncOptions.MaxMailboxesInFlight"/>.
    /// </summary>
    public static AccountSync Over(SyncStateStore state, IMailServer local, IMailServer remote, SyncOptions? options = null, MailServerConnector? moreConnections = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        return new AccountSync(state, local, remote, options, moreConnections);
    }

    /// <summary>The engine settings every run uses.</summary>
    public SyncOptions Options { get; }

    /// <summary>Create the state file when it does not exist (default); false refuses to start without one.</summary>
    public bool CreateStateIfMissing { get; init; } = true;

    /// <summary>
    /// What a run does, as it happens: lines in InterIMAP's wording, mailboxes started and finished,
    /// copies. Raised on the engine's threads, from several at once when mailboxes run in parallel.
    /// </summary>
    public event EventHandler<SyncEvent>? Progress;

    /// <summary>
    /// Opens the state file (its exclusive lock keeps a second run away before any network traffic),
    /// then connects to both sides at once. Runs call it themselves; calling it first surfaces
    /// connection and login errors early. Does nothing when already open.
    /// </summary>
    /// <exception cref="SyncStateLockedException">Another run holds the state file.</exception>
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_local is not null && _remote is not null && _state is not null)
        {
            return;
        }

        _state ??= SyncStateStore.Open(_statePath!, CreateStateIfMissing);
        var local = _localEndpoint!.OpenAsync(cancellationToken);
        var remote = _remoteEndpoint!.OpenAsync(cancellationToken);
        try
        {
            await Task.WhenAll(local, remote).ConfigureAwait(false);
        }
        catch
        {
            foreach (var opened in new[] { local, remote }.Where(t => t.IsCompletedSuccessfully))
            {
                await opened.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        (_local, _remote) = (local.Result, remote.Result);
    }

    /// <summary>
    /// One normal run: reconcile the mailbox lists, then synchronize every mailbox that changed (see
    /// <see cref="SyncEngine.SyncAsync"/>). <paramref name="stop"/> is graceful: mailboxes in flight
    /// finish and commit, no other starts, and the summary says <see cref="SyncSummary.StoppedEarly"/>;
    /// after <see cref="SyncOptions.StopGracePeriod"/> the run is cancelled (<see cref="OperationCanceledException"/>).
    /// </summary>
    public Task<SyncSummary> SyncAsync(CancellationToken stop = default) =>
        RunAsync((engine, cancellationToken) => engine.SyncAsync(cancellationToken), stop);

    /// <summary>A full comparison of every mailbox instead of the changes since the last run (see <see cref="SyncEngine.RepairAsync"/>).</summary>
    public Task<SyncSummary> RepairAsync(CancellationToken stop = default) =>
        RunAsync((engine, cancellationToken) => engine.RepairAsync(cancellationToken), stop);

    /// <summary>Deletes mailboxes on the targeted sides and in the state (see <see cref="SyncEngine.DeleteMailboxesAsync"/>).</summary>
    public Task<SyncSummary> DeleteMailboxesAsync(IReadOnlyList<string> mailboxes, SyncTargets targets = SyncTargets.All, CancellationToken stop = default) =>
        RunAsync((engine, cancellationToken) => engine.DeleteMailboxesAsync(mailboxes, targets, cancellationToken), stop);

    /// <summary>Renames a mailbox on the targeted sides and in the state (see <see cref="SyncEngine.RenameMailboxAsync"/>).</summary>
    public Task<SyncSummary> RenameMailboxAsync(string source, string destination, SyncTargets targets = SyncTargets.All, CancellationToken stop = default) =>
        RunAsync((engine, cancellationToken) => engine.RenameMailboxAsync(source, destination, targets, cancellationToken), stop);

    /// <summary>Closes the state file and the connections this instance opened (not those given to <see cref="Over"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_localEndpoint is not null)
        {
            await CloseConnectionsAsync().ConfigureAwait(false);
            _state?.Dispose();
            _state = null;
        }

        _oneRunAtATime.Dispose();
    }

    private async Task<SyncSummary> RunAsync(Func<SyncEngine, CancellationToken, Task<SyncSummary>> command, CancellationToken stop)
    {
        await _oneRunAtATime.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            await OpenAsync(stop).ConfigureAwait(false);
            using var hardStop = new CancellationTokenSource();
            using var graceful = stop.Register(() => hardStop.CancelAfter(Options.StopGracePeriod));
            var engine = new SyncEngine(_state!, _local!, _remote!, Options with { StopRequested = stop }, new ProgressRelay(this), _moreConnections);
            try
            {
                return await command(engine, hardStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new OperationCanceledException("stopped on request", stop);
            }
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    // Connections this instance opened; the next run opens new ones (after a network error in watch mode).
    private async Task CloseConnectionsAsync()
    {
        var (local, remote) = (_local, _remote);
        (_local, _remote) = (null, null);
        foreach (var server in new[] { local, remote })
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class ProgressRelay(AccountSync owner) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value) => owner.Progress?.Invoke(owner, value);
    }
}
