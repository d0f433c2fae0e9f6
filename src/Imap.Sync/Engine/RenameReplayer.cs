using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Replays a detected rename (see <see cref="RenameDetector"/>) and keeps the listings and the known
/// rows in step, so the renamed mailbox is then synchronized like any other. Crash safety: the intent is
/// committed before the RENAME and cleared in the commit that renames the rows; a run killed in between
/// leaves an intent that <see cref="Resume"/> completes (RENAME done) or drops (not done: the servers
/// still show the rename, which is then detected again). Mail never moves between mailboxes here, so no
/// step can copy, duplicate or lose a message.
/// </summary>
internal sealed class RenameReplayer(
    IMailServer local, IMailServer remote, SyncStateStore state, SyncReporter reporter, SideNaming localNaming, SideNaming remoteNaming)
{
    /// <summary>Finishes or forgets the renames a previous run journaled and did not complete.</summary>
    public void Resume(IReadOnlyDictionary<string, ListedMailbox> localBoxes, IReadOnlyDictionary<string, ListedMailbox> remoteBoxes)
    {
        foreach (var intent in state.GetRenameIntents())
        {
            var boxes = intent.Side == SyncSide.Local ? localBoxes : remoteBoxes;
            if (!boxes.ContainsKey(intent.Source) && boxes.ContainsKey(intent.Target))
            {
                state.CompleteRename(intent);
                var (from, to) = (Show(intent.Source), Show(intent.Target));
                reporter.Report(new SyncEvent(
                    SyncEventKind.MailboxRenamed, $"Renamed mailbox {from} to {to} in the database (finishing a rename an interrupted run made on {intent.Side.Name()})", null, from));
            }
            else
            {
                state.DropRenameIntent(intent);
            }
        }
    }

    /// <summary>
    /// RENAME on the side that lacks it (creating missing parents if the server needs them), then the rows;
    /// <paramref name="localBoxes"/>, <paramref name="remoteBoxes"/> and <paramref name="known"/> are updated to the new names.
    /// </summary>
    public async Task ApplyAsync(
        MailboxRename rename,
        Dictionary<string, ListedMailbox> localBoxes,
        Dictionary<string, ListedMailbox> remoteBoxes,
        Dictionary<string, StoredMailbox> known,
        CancellationToken cancellationToken)
    {
        var (from, to) = (Show(rename.Source), Show(rename.Target));
        if (rename.ReplayOn is { } side)
        {
            var boxes = side == SyncSide.Local ? localBoxes : remoteBoxes;
            var intent = new RenameIntent(side, rename.Source, rename.Target);
            state.RecordRenameIntent(intent);
            await RenameOnServerAsync(side, boxes[rename.Source].Name, rename, cancellationToken).ConfigureAwait(false);
            state.CompleteRename(intent);
            MoveListed(boxes, rename, side == SyncSide.Local ? localNaming : remoteNaming);
            reporter.Report(new SyncEvent(
                SyncEventKind.MailboxRenamed, $"Renamed mailbox {from} to {to} (renamed on {rename.RenamedOn!.Value.Name()} by another client)", side, from));
        }
        else
        {
            state.RenameMailbox(rename.Source, rename.Target);
            reporter.Report(new SyncEvent(SyncEventKind.MailboxRenamed, $"Renamed mailbox {from} to {to} in the database (renamed so on both servers)", null, from));
        }

        foreach (var name in known.Keys.Where(rename.Covers).ToList())
        {
            var row = known[name];
            known.Remove(name);
            known[rename.Renamed(name)] = row with { Name = rename.Renamed(name) };
        }
    }

    private async Task RenameOnServerAsync(SyncSide side, string serverName, MailboxRename rename, CancellationToken cancellationToken)
    {
        var server = side == SyncSide.Local ? local : remote;
        var naming = side == SyncSide.Local ? localNaming : remoteNaming;
        var target = naming.ToServer(rename.Target);
        try
        {
            await server.RenameMailboxAsync(serverName, target, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (MailServerCommandException)
        {
            // RFC 3501 lets a server refuse a RENAME whose new parent does not exist: create the parents.
        }

        var parts = rename.Target.Split('\0');
        for (var depth = 1; depth < parts.Length; depth++)
        {
            try
            {
                await server.CreateMailboxAsync(naming.ToServer(string.Join('\0', parts[..depth])), cancellationToken).ConfigureAwait(false);
            }
            catch (MailServerCommandException)
            {
                // It exists already (perhaps as a placeholder): fine.
            }
        }

        try
        {
            await server.RenameMailboxAsync(serverName, target, cancellationToken).ConfigureAwait(false);
        }
        catch (MailServerCommandException ex)
        {
            var (from, to) = (Show(rename.Source), Show(rename.Target));
            throw new SyncException(
                $"Mailbox {from} was renamed to {to} on {side.Other().Name()}, but {side.Name()} refused the same RENAME: {ex.Message}. Nothing else was changed. "
                + $"Rename it yourself on {side.Name()} (or run `imapsync --target={side.Name()} --target=database --rename {from} {to}` once the cause is fixed).",
                side,
                from);
        }
    }

    private static void MoveListed(Dictionary<string, ListedMailbox> boxes, MailboxRename rename, SideNaming naming)
    {
        foreach (var name in boxes.Keys.Where(rename.Covers).ToList())
        {
            var listed = boxes[name];
            boxes.Remove(name);
            var renamed = rename.Renamed(name);
            boxes[renamed] = listed with { Name = naming.ToServer(renamed) };
        }
    }

    private string Show(string neutral) => localNaming.Display(neutral);
}
