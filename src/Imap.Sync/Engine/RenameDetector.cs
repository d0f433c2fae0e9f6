using System.Text;
using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Finds mailboxes another client renamed: a known mailbox M gone from side X while a mailbox N unknown
/// to the database appeared there, and N is M by the server's own account. Dovecot and Cyrus keep the
/// UIDVALIDITY across RENAME, so N must show M's stored UIDVALIDITY on X, a UIDNEXT not below the stored
/// one, and (when M had mapped messages) still hold some of M's mapped UIDs. Where X reports MAILBOXID
/// (OBJECTID, RFC 8474; Cyrus does) and one is stored for M, it alone decides: N is M exactly when
/// their MAILBOXIDs are equal. Anything less certain (two
/// candidates, renamed differently on each side, renamed on one side and gone on the other) stops the
/// run naming the candidates and the commands that settle it: a wrong guess would move or copy mail.
/// </summary>
internal sealed class RenameDetector(IMailServer local, IMailServer remote, SyncStateStore state, SideNaming localNaming)
{
    private readonly Dictionary<(IMailServer, string), MailboxStatus> _statuses = [];
    private readonly Dictionary<(IMailServer, string), string?> _objectIds = [];

    public async Task<IReadOnlyList<MailboxRename>> DetectAsync(
        IReadOnlyDictionary<string, ListedMailbox> localBoxes,
        IReadOnlyDictionary<string, ListedMailbox> remoteBoxes,
        IReadOnlyDictionary<string, StoredMailbox> known,
        CancellationToken cancellationToken)
    {
        var renames = new List<MailboxRename>();
        var problems = new List<string>();
        var objectIds = state.GetMailboxObjectIds();
        foreach (var (name, row) in known.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var onLocal = localBoxes.ContainsKey(name);
            var onRemote = remoteBoxes.ContainsKey(name);
            if (onLocal && onRemote || state.GetSideStates(row.Id) is not { } stored)
            {
                continue;
            }

            var localCandidates = onLocal ? [] : await CandidatesAsync(SyncSide.Local, localBoxes, known, row, stored.Local, objectIds.GetValueOrDefault((row.Id, SyncSide.Local)), cancellationToken).ConfigureAwait(false);
            var remoteCandidates = onRemote ? [] : await CandidatesAsync(SyncSide.Remote, remoteBoxes, known, row, stored.Remote, objectIds.GetValueOrDefault((row.Id, SyncSide.Remote)), cancellationToken).ConfigureAwait(false);
            var sides = new Sides(localBoxes, remoteBoxes);
            if (Decide(name, localCandidates, remoteCandidates, sides, problems) is { } rename)
            {
                renames.Add(rename);
            }
        }

        var result = Consolidate(renames, localBoxes, remoteBoxes, problems);
        var targets = result.GroupBy(r => r.Target, StringComparer.Ordinal).Where(g => g.Count() > 1);
        foreach (var clash in targets)
        {
            problems.Add($"Mailboxes {string.Join(" and ", clash.Select(r => Show(r.Source)))} both look renamed to {Show(clash.Key)}. "
                + $"Nothing was changed. Settle it with `imapsync --rename` (and `--target`) on the one that was not.");
        }

        if (problems.Count > 0)
        {
            throw new SyncException(string.Join('\n', problems), null, null);
        }

        return result;
    }

    private MailboxRename? Decide(string name, List<string> localCandidates, List<string> remoteCandidates, Sides sides, List<string> problems)
    {
        var display = Show(name);
        if (localCandidates.Count > 1 || remoteCandidates.Count > 1)
        {
            var (side, candidates) = localCandidates.Count > 1 ? (SyncSide.Local, localCandidates) : (SyncSide.Remote, remoteCandidates);
            problems.Add($"Mailbox {display} is gone from {side.Name()}, where {string.Join(" and ", candidates.Select(Show))} each hold its messages (same UIDVALIDITY): "
                + $"which one it was renamed to is unclear, so nothing was changed. If it became {Show(candidates[0])}, run "
                + $"`imapsync --target={side.Other().Name()} --target=database --rename {display} {Show(candidates[0])}` (likewise for the other name).");
            return null;
        }

        switch (localCandidates.Count, remoteCandidates.Count)
        {
            case (0, 0):
                return null; // a deletion, or gone on both sides: as before this detector
            case (1, 1) when localCandidates[0] == remoteCandidates[0]:
                return new MailboxRename(null, name, localCandidates[0]);
            case (1, 1):
                problems.Add($"Mailbox {display} was renamed to {Show(localCandidates[0])} on local and to {Show(remoteCandidates[0])} on remote. Nothing was changed. "
                    + $"Pick one name: e.g. `imapsync --target=remote --rename {Show(remoteCandidates[0])} {Show(localCandidates[0])}` then "
                    + $"`imapsync --target=database --rename {display} {Show(localCandidates[0])}`.");
                return null;
        }

        var renamedOn = localCandidates.Count == 1 ? SyncSide.Local : SyncSide.Remote;
        var target = localCandidates.Count == 1 ? localCandidates[0] : remoteCandidates[0];
        var other = renamedOn.Other();
        if (!sides.Of(other).ContainsKey(name))
        {
            problems.Add($"Mailbox {display} was renamed to {Show(target)} on {renamedOn.Name()} and is gone from {other.Name()}. Nothing was changed. "
                + $"Run `imapsync --target=database --rename {display} {Show(target)}` then `imapsync --target={renamedOn.Name()} --delete {Show(target)}` to delete it, "
                + $"or `imapsync --target=database --delete {display}` to keep it (it is then copied to {other.Name()}).");
            return null;
        }

        if (sides.Of(other).ContainsKey(target))
        {
            problems.Add($"Mailbox {display} was renamed to {Show(target)} on {renamedOn.Name()}, but {other.Name()} has a mailbox {Show(target)} already. Nothing was changed. "
                + $"Rename one of them, e.g. `imapsync --target={other.Name()} --rename {Show(target)} NEWNAME`.");
            return null;
        }

        return new MailboxRename(renamedOn, name, target);
    }

    // One RENAME of a parent moves its inferiors: their own renames must agree and are then dropped.
    private List<MailboxRename> Consolidate(
        List<MailboxRename> renames, IReadOnlyDictionary<string, ListedMailbox> localBoxes, IReadOnlyDictionary<string, ListedMailbox> remoteBoxes, List<string> problems)
    {
        var result = new List<MailboxRename>();
        foreach (var rename in renames)
        {
            var parent = renames.FirstOrDefault(p => p != rename && p.RenamedOn == rename.RenamedOn && rename.Source.StartsWith(p.Source + "\0", StringComparison.Ordinal));
            if (parent is null)
            {
                result.Add(rename);
            }
            else if (parent.Renamed(rename.Source) != rename.Target)
            {
                problems.Add($"Mailbox {Show(parent.Source)} became {Show(parent.Target)}, but its child {Show(rename.Source)} became {Show(rename.Target)}, not {Show(parent.Renamed(rename.Source))}. "
                    + "Nothing was changed. Settle it with `imapsync --rename` (and `--target`).");
            }
        }

        foreach (var rename in result.Where(r => r.ReplayOn is not null))
        {
            // A RENAME on the other side also moves inferiors that stayed in place on the renamed side.
            var stayed = localBoxes.Keys.Where(n => remoteBoxes.ContainsKey(n) && rename.Covers(n) && n != rename.Source).ToList();
            if (stayed.Count > 0)
            {
                problems.Add($"Mailbox {Show(rename.Source)} was renamed to {Show(rename.Target)} on {rename.RenamedOn!.Value.Name()}, but {string.Join(", ", stayed.Select(Show))} "
                    + $"stayed under the old name on both sides, and a RENAME on {rename.ReplayOn!.Value.Name()} would move them. Nothing was changed. "
                    + "Settle it with `imapsync --rename` (and `--target`).");
            }
        }

        return problems.Count > 0 ? [] : result;
    }

    private async Task<List<string>> CandidatesAsync(
        SyncSide side,
        IReadOnlyDictionary<string, ListedMailbox> boxes,
        IReadOnlyDictionary<string, StoredMailbox> known,
        StoredMailbox row,
        SideState stored,
        string? storedObjectId,
        CancellationToken cancellationToken)
    {
        var result = new List<string>();
        IReadOnlyList<uint>? mapped = null;
        foreach (var (name, listed) in boxes.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (known.ContainsKey(name))
            {
                continue;
            }

            var server = side == SyncSide.Local ? local : remote;
            if (storedObjectId is not null && await ObjectIdAsync(server, listed.Name, cancellationToken).ConfigureAwait(false) is { } objectId)
            {
                if (objectId == storedObjectId)
                {
                    result.Add(name);
                }

                continue;
            }

            var status = listed.Status ?? await StatusAsync(server, listed.Name, cancellationToken).ConfigureAwait(false);
            if (status.UidValidity != stored.UidValidity || status.UidNext < stored.UidNext)
            {
                continue;
            }

            mapped ??= [.. state.GetMappings(row.Id).Select(p => p.Uid(side))];
            if (mapped.Count == 0 || await HoldsAnyAsync(server, listed.Name, mapped, cancellationToken).ConfigureAwait(false))
            {
                result.Add(name);
            }
        }

        return result;
    }

    // Servers without LIST-STATUS: one STATUS per unknown mailbox, asked once however many are missing.
    private async Task<MailboxStatus> StatusAsync(IMailServer server, string serverName, CancellationToken cancellationToken)
    {
        var key = (server, serverName);
        if (!_statuses.TryGetValue(key, out var status))
        {
            status = await server.GetStatusAsync(serverName, cancellationToken).ConfigureAwait(false);
            _statuses[key] = status;
        }

        return status;
    }

    private async Task<string?> ObjectIdAsync(IMailServer server, string serverName, CancellationToken cancellationToken)
    {
        var key = (server, serverName);
        if (!_objectIds.TryGetValue(key, out var objectId))
        {
            objectId = await server.GetMailboxObjectIdAsync(serverName, cancellationToken).ConfigureAwait(false);
            _objectIds[key] = objectId;
        }

        return objectId;
    }

    private static async Task<bool> HoldsAnyAsync(IMailServer server, string mailbox, IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        await server.SelectAsync(mailbox, null, cancellationToken).ConfigureAwait(false);
        var present = await server.FetchUidsAsync(uids.Min(), uids.Max(), cancellationToken).ConfigureAwait(false);
        var wanted = uids.ToHashSet();
        return present.Any(wanted.Contains);
    }

    private string Show(string neutral) => localNaming.Display(neutral);

    private readonly record struct Sides(IReadOnlyDictionary<string, ListedMailbox> Local, IReadOnlyDictionary<string, ListedMailbox> Remote)
    {
        public IReadOnlyDictionary<string, ListedMailbox> Of(SyncSide side) => side == SyncSide.Local ? Local : Remote;
    }
}
