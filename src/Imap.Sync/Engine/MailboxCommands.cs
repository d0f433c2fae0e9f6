using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary><c>--delete</c> and <c>--rename</c> (spec §6.10, §6.11) on the targeted servers and the database.</summary>
internal sealed class MailboxCommands
{
    private readonly IMailServer _local;
    private readonly IMailServer _remote;
    private readonly SyncStateStore _state;
    private readonly SyncReporter _reporter;
    private readonly SideNaming _localNaming;
    private readonly SideNaming _remoteNaming;

    private MailboxCommands(IMailServer local, IMailServer remote, SyncStateStore state, SyncReporter reporter, SideNaming localNaming, SideNaming remoteNaming)
    {
        _local = local;
        _remote = remote;
        _state = state;
        _reporter = reporter;
        _localNaming = localNaming;
        _remoteNaming = remoteNaming;
    }

    public static async Task<MailboxCommands> CreateAsync(
        IMailServer local, IMailServer remote, SyncStateStore state, SyncOptions options, SyncReporter reporter, CancellationToken cancellationToken)
    {
        var prefixes = await PersonalNamespaceResolver.ResolveAsync(local, remote, state, options, cancellationToken).ConfigureAwait(false);
        var localTask = MailboxLister.ProbeAsync(local, options.LocalListReference, SyncSide.Local, cancellationToken);
        var remoteTask = MailboxLister.ProbeAsync(remote, options.RemoteListReference, SyncSide.Remote, cancellationToken);
        var localDelimiter = await localTask.ConfigureAwait(false);
        var remoteDelimiter = await remoteTask.ConfigureAwait(false);
        await prefixes.ConfirmAsync().ConfigureAwait(false);
        return new MailboxCommands(
            local,
            remote,
            state,
            reporter,
            new SideNaming(SyncSide.Local, options.LocalListReference, localDelimiter, prefixes.Local),
            new SideNaming(SyncSide.Remote, options.RemoteListReference, remoteDelimiter, prefixes.Remote));
    }

    public async Task DeleteAsync(IReadOnlyList<string> mailboxes, SyncTargets targets, CancellationToken cancellationToken)
    {
        var names = mailboxes.Select(Neutral).ToList();
        if (names.Contains("INBOX"))
        {
            throw new SyncException("INBOX can't be deleted", null, "INBOX");
        }

        var localListed = await ListAsync(SyncSide.Local, names, cancellationToken).ConfigureAwait(false);
        var remoteListed = await ListAsync(SyncSide.Remote, names, cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            var display = _localNaming.Display(name);
            foreach (var (side, listed) in (List<(SyncSide, Dictionary<string, ListedMailbox>)>)[(SyncSide.Local, localListed), (SyncSide.Remote, remoteListed)])
            {
                if (Targets(targets, side) && listed.TryGetValue(name, out var mailbox) && mailbox.Selectable)
                {
                    await Server(side).DeleteMailboxAsync(mailbox.Name, cancellationToken).ConfigureAwait(false);
                    _reporter.Report(new SyncEvent(SyncEventKind.MailboxDeleted, $"Deleted mailbox {display}", side, display));
                }
            }

            if (targets.HasFlag(SyncTargets.Database) && _state.FindMailbox(name) is { } row)
            {
                _state.DeleteMailbox(row.Id);
                _reporter.Report(new SyncEvent(SyncEventKind.MailboxDeleted, $"Removed mailbox {display}", null, display));
            }
        }
    }

    public async Task RenameAsync(string source, string destination, SyncTargets targets, CancellationToken cancellationToken)
    {
        var from = Neutral(source);
        var to = Neutral(destination);
        var localListed = await ListAsync(SyncSide.Local, [from, to], cancellationToken).ConfigureAwait(false);
        var remoteListed = await ListAsync(SyncSide.Remote, [from, to], cancellationToken).ConfigureAwait(false);
        var toDisplay = _localNaming.Display(to);
        var fromDisplay = _localNaming.Display(from);
        foreach (var (side, listed) in (List<(SyncSide, Dictionary<string, ListedMailbox>)>)[(SyncSide.Local, localListed), (SyncSide.Remote, remoteListed)])
        {
            if (Targets(targets, side) && listed.TryGetValue(to, out var existing) && existing.Selectable)
            {
                throw new SyncException($"Mailbox {toDisplay} exists. Run `imapsync --target={side.Name()} --delete {toDisplay}` to delete.", side, toDisplay);
            }
        }

        if (targets.HasFlag(SyncTargets.Database) && _state.FindMailbox(to) is not null)
        {
            throw new SyncException($"Mailbox {toDisplay} exists. Run `imapsync --target=database --delete {toDisplay}` to delete.", null, toDisplay);
        }

        foreach (var (side, listed) in (List<(SyncSide, Dictionary<string, ListedMailbox>)>)[(SyncSide.Local, localListed), (SyncSide.Remote, remoteListed)])
        {
            // Listed at all (even \NonExistent): a placeholder with children can be renamed.
            if (Targets(targets, side) && listed.TryGetValue(from, out var mailbox))
            {
                await Server(side).RenameMailboxAsync(mailbox.Name, Naming(side).ToServer(to), cancellationToken).ConfigureAwait(false);
                _reporter.Report(new SyncEvent(SyncEventKind.MailboxRenamed, $"Renamed mailbox {fromDisplay} to {toDisplay}", side, fromDisplay));
            }
        }

        if (targets.HasFlag(SyncTargets.Database) && _state.RenameMailbox(from, to) > 0)
        {
            _reporter.Report(new SyncEvent(SyncEventKind.MailboxRenamed, $"Renamed mailbox {fromDisplay} to {toDisplay}", null, fromDisplay));
        }
    }

    private static bool Targets(SyncTargets targets, SyncSide side) =>
        targets.HasFlag(side == SyncSide.Local ? SyncTargets.Local : SyncTargets.Remote);

    private string Neutral(string localName)
    {
        if (string.Equals(localName, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }

        return _localNaming.Delimiter is { } d ? localName.Replace(d, '\0') : localName;
    }

    private async Task<Dictionary<string, ListedMailbox>> ListAsync(SyncSide side, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var naming = Naming(side);
        var patterns = names.Distinct().Select(n => naming.ToServer(n)[naming.Reference.Length..]).ToList();
        var listed = await Server(side).ListAsync(new MailboxListQuery(naming.Reference, patterns, [], false, false), cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, ListedMailbox>(StringComparer.Ordinal);
        foreach (var mailbox in listed)
        {
            if (naming.ToNeutral(mailbox.Name) is { } neutral && names.Contains(neutral))
            {
                result[neutral] = mailbox;
            }
        }

        return result;
    }

    private IMailServer Server(SyncSide side) => side == SyncSide.Local ? _local : _remote;

    private SideNaming Naming(SyncSide side) => side == SyncSide.Local ? _localNaming : _remoteNaming;
}
