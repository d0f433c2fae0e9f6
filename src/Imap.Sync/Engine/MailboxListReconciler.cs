using System.Text;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// InterIMAP's mailbox list reconciliation (spec §6.2): create what exists on one side only, merge
/// subscriptions three ways, replay renames another client made (see <see cref="RenameDetector"/>), and
/// refuse to go on when a known mailbox is missing on one side otherwise (a deletion, or a rename that
/// cannot be told for sure, so nothing is created or deleted for it).
/// </summary>
internal sealed class MailboxListReconciler(
    IMailServer local, IMailServer remote, SyncStateStore state, SyncOptions options, SyncReporter reporter)
{
    public async Task<(IReadOnlyList<MailboxPlan> Plans, SideNaming Local, SideNaming Remote)> ReconcileAsync(CancellationToken cancellationToken)
    {
        var explicitNames = options.Mailboxes.Count > 0;
        var patterns = explicitNames ? options.Mailboxes.Select(NormalizeInbox).ToList() : [.. options.ListMailbox];
        var prefixes = await PersonalNamespaceResolver.ResolveAsync(local, remote, state, options, cancellationToken).ConfigureAwait(false);
        var (localList, remoteList) = await MailboxLister.ListBothAsync(local, remote, options, patterns, prefixes, withStatus: true, reporter, cancellationToken).ConfigureAwait(false);

        var localBoxes = Filter(localList, explicitNames);
        var remoteBoxes = Filter(remoteList, explicitNames);
        var replayer = new RenameReplayer(local, remote, state, reporter, localList.Naming, remoteList.Naming);
        replayer.Resume(localBoxes, remoteBoxes);
        var known = state.GetMailboxes().ToDictionary(m => m.Name, StringComparer.Ordinal);
        var renames = await new RenameDetector(local, remote, state, localList.Naming).DetectAsync(localBoxes, remoteBoxes, known, cancellationToken).ConfigureAwait(false);
        foreach (var rename in renames)
        {
            await replayer.ApplyAsync(rename, localBoxes, remoteBoxes, known, cancellationToken).ConfigureAwait(false);
        }

        var names = localBoxes.Keys.Union(remoteBoxes.Keys).OrderBy(n => n == "INBOX" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();

        ThrowOnKnownMailboxesMissingOnOneSide(names, localBoxes, remoteBoxes, known, localList.Naming);

        var plans = new List<MailboxPlan>();
        foreach (var name in names)
        {
            localBoxes.TryGetValue(name, out var l);
            remoteBoxes.TryGetValue(name, out var r);
            known.TryGetValue(name, out var row);
            var plan = await ReconcileOneAsync(name, l, r, row, localList.Naming, remoteList.Naming, cancellationToken).ConfigureAwait(false);
            if (plan is not null)
            {
                plans.Add(plan);
            }
        }

        await MailboxObjectIds.RememberAsync(local, remote, state, plans, cancellationToken).ConfigureAwait(false);
        return (plans, localList.Naming, remoteList.Naming);
    }

    private static string NormalizeInbox(string name) =>
        string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : name;

    private Dictionary<string, ListedMailbox> Filter(SideListing listing, bool explicitNames)
    {
        var result = new Dictionary<string, ListedMailbox>(StringComparer.Ordinal);
        foreach (var (name, mailbox) in listing.Mailboxes)
        {
            if (!mailbox.Selectable)
            {
                continue;
            }

            if (!explicitNames && options.IgnoreMailbox is { } ignore && ignore.IsMatch(name))
            {
                continue;
            }

            result[name] = mailbox;
        }

        return result;
    }

    private static void ThrowOnKnownMailboxesMissingOnOneSide(
        List<string> names,
        Dictionary<string, ListedMailbox> localBoxes,
        Dictionary<string, ListedMailbox> remoteBoxes,
        Dictionary<string, StoredMailbox> known,
        SideNaming localNaming)
    {
        var message = new StringBuilder();
        string? first = null;
        foreach (var name in names)
        {
            var onLocal = localBoxes.ContainsKey(name);
            if (onLocal == remoteBoxes.ContainsKey(name) || !known.ContainsKey(name))
            {
                continue;
            }

            var present = onLocal ? SyncSide.Local : SyncSide.Remote;
            var display = localNaming.Display(name);
            first ??= name;
            message.Append(message.Length == 0 ? "" : "\n")
                .Append(CultureInvariant($"Mailbox {display} exists on {present.Name()} only, but the database knows it: it was renamed or deleted on {present.Other().Name()}. Nothing was changed. "))
                .Append(CultureInvariant($"Run `imapsync --target={present.Name()} --delete {display}` to delete it on {present.Name()} too, "))
                .Append(CultureInvariant($"`imapsync --target=database --delete {display}` to forget it (it is then copied to {present.Other().Name()} again), "))
                .Append(CultureInvariant($"or --rename to match a rename. "))
                .Append(CultureInvariant($"(A rename is replayed by itself when the new name is in the selection and holds its messages; a rename to a name that list-mailbox or ignore-mailbox leaves out counts as a deletion.)"));
        }

        if (first is not null)
        {
            throw new SyncException(message.ToString(), null, first);
        }
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private async Task<MailboxPlan?> ReconcileOneAsync(
        string name, ListedMailbox? l, ListedMailbox? r, StoredMailbox? row, SideNaming localNaming, SideNaming remoteNaming, CancellationToken cancellationToken)
    {
        var display = localNaming.Display(name);
        if (l is not null && r is not null)
        {
            row = await MergeSubscriptionsAsync(name, display, l.Subscribed, r.Subscribed, row, localNaming, remoteNaming, cancellationToken).ConfigureAwait(false);
            return new MailboxPlan(row, l.Name, r.Name, l.Status, r.Status);
        }

        // On one side only and unknown to the database: create it on the other side.
        var (source, listed) = l is not null ? (SyncSide.Local, l) : (SyncSide.Remote, r!);
        var target = source.Other();
        var targetServer = Server(target);
        var targetName = (target == SyncSide.Local ? localNaming : remoteNaming).ToServer(name);
        try
        {
            await targetServer.CreateMailboxAsync(targetName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && IsCommandFailure(ex))
        {
            reporter.Warning($"Couldn't create mailbox {display}: {ex.Message}", target, display);
            return null;
        }

        reporter.Report(new SyncEvent(SyncEventKind.MailboxCreated, $"Created mailbox {display}", target, display));
        if (listed.Subscribed)
        {
            await targetServer.SetSubscriptionAsync(targetName, true, cancellationToken).ConfigureAwait(false);
            reporter.Report(new SyncEvent(SyncEventKind.SubscriptionChanged, $"Subscribe to {display}", target, display));
        }

        row = state.AddMailbox(name, listed.Subscribed);
        return source == SyncSide.Local
            ? new MailboxPlan(row, l!.Name, targetName, l.Status, null)
            : new MailboxPlan(row, targetName, r!.Name, null, r.Status);
    }

    private async Task<StoredMailbox> MergeSubscriptionsAsync(
        string name, string display, bool localSub, bool remoteSub, StoredMailbox? row, SideNaming localNaming, SideNaming remoteNaming, CancellationToken cancellationToken)
    {
        if (row is null)
        {
            // New to the database: subscribed if either side is, and the other side follows.
            var subscribed = localSub || remoteSub;
            if (subscribed && !localSub)
            {
                await SubscribeAsync(SyncSide.Local, localNaming.ToServer(name), display, true, cancellationToken).ConfigureAwait(false);
            }
            else if (subscribed && !remoteSub)
            {
                await SubscribeAsync(SyncSide.Remote, remoteNaming.ToServer(name), display, true, cancellationToken).ConfigureAwait(false);
            }

            return state.AddMailbox(name, subscribed);
        }

        if (localSub == remoteSub)
        {
            if (localSub != row.Subscribed)
            {
                state.SetSubscribed(row.Id, localSub);
            }

            return row with { Subscribed = localSub };
        }

        // The side that differs from the last agreed state made the change; the other side follows.
        var changed = localSub != row.Subscribed ? SyncSide.Local : SyncSide.Remote;
        var follower = changed.Other();
        var naming = follower == SyncSide.Local ? localNaming : remoteNaming;
        await SubscribeAsync(follower, naming.ToServer(name), display, !row.Subscribed, cancellationToken).ConfigureAwait(false);
        state.SetSubscribed(row.Id, !row.Subscribed);
        return row with { Subscribed = !row.Subscribed };
    }

    private async Task SubscribeAsync(SyncSide side, string serverName, string display, bool subscribe, CancellationToken cancellationToken)
    {
        await Server(side).SetSubscriptionAsync(serverName, subscribe, cancellationToken).ConfigureAwait(false);
        reporter.Report(new SyncEvent(SyncEventKind.SubscriptionChanged, (subscribe ? "Subscribe to " : "Unsubscribe from ") + display, side, display));
    }

    private IMailServer Server(SyncSide side) => side == SyncSide.Local ? local : remote;

    // A tagged NO from the server (the adapter's exception), as opposed to a broken connection.
    private static bool IsCommandFailure(Exception ex) => ex is MailServerCommandException;
}
