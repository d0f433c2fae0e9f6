using Imap.Sync.Engine;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync;

/// <summary>
/// Bidirectional synchronization between two IMAP servers with InterIMAP's semantics: the entry point
/// for the CLI. One instance serves one run on two connected servers and an open state store.
/// </summary>
/// <example>
/// <code>
/// using var state = SyncStateStore.Open(path);
/// await using var local = ...;  // an IMailServer, e.g. an ImapMailServer over a connected ImapClient
/// await using var remote = ...;
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

    /// <summary>Creates an engine over two connected servers and an open state store.</summary>
    public SyncEngine(SyncStateStore state, IMailServer local, IMailServer remote, SyncOptions? options = null, IProgress<SyncEvent>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        _state = state;
        _local = local;
        _remote = remote;
        _options = options ?? new SyncOptions();
        _progress = progress;
    }

    /// <summary>
    /// Normal sync: reconcile the mailbox lists, then synchronize every mailbox whose status changed.
    /// A mailbox-level error (e.g. UIDVALIDITY change) stops that mailbox only and is listed in
    /// <see cref="SyncSummary.Errors"/>; list-level errors throw <see cref="SyncException"/>.
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
        foreach (var plan in plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var synchronizer = new MailboxSynchronizer(context, plan);
            if (synchronizer.IsUnchanged())
            {
                reporter.Unchanged();
                continue;
            }

            try
            {
                await synchronizer.SyncAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.Mailbox is not null)
            {
                reporter.Error(ex);
            }
        }

        return reporter.Summary();
    }
}
