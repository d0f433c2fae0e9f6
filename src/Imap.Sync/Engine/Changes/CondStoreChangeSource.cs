using Imap.Sync.Ports;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// Plain SELECT, then UID FETCH 1:n (FLAGS) (CHANGEDSINCE modseq) for flags and the UID list, compared
/// with the mapping, for expunges. Falls back to a full scan when the mailbox has no MODSEQ.
/// </summary>
internal sealed class CondStoreChangeSource : IChangeSource
{
    public ChangeSourceKind Kind => ChangeSourceKind.CondStore;

    public async ValueTask<SideChanges> ReadAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var stored = query.Stored!.Value;
        var selected = await query.Server.SelectAsync(query.Mailbox, null, cancellationToken).ConfigureAwait(false);
        if (selected.UidValidity != stored.UidValidity)
        {
            return new SideChanges(Kind, selected, new HashSet<uint>(), new Dictionary<uint, MessageFlags>(), null);
        }

        return await ReadSelectedAsync(query, selected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reads after the SELECT; also the fallback of a QRESYNC SELECT whose answer cannot be trusted.</summary>
    internal static async ValueTask<SideChanges> ReadSelectedAsync(ChangeQuery query, SelectedMailboxState selected, CancellationToken cancellationToken)
    {
        var stored = query.Stored!.Value;
        if (selected.HighestModSeq == 0 || selected.UidNext <= 1)
        {
            return await FullScanChangeSource.ScanAsync(query, selected, cancellationToken).ConfigureAwait(false);
        }

        var last = Math.Max(selected.UidNext - 1, query.Mapped.Highest());
        var flagsTask = query.Server.FetchFlagsAsync(1, last, stored.HighestModSeq, cancellationToken).AsTask();
        var uids = await query.Server.FetchUidsAsync(1, last, cancellationToken).ConfigureAwait(false);
        var flags = await flagsTask.ConfigureAwait(false);

        var present = uids.ToHashSet();
        var vanished = query.Mapped.All.Keys.Where(uid => !present.Contains(uid)).ToHashSet();
        var changed = flags
            .Where(f => query.Mapped.All.ContainsKey(f.Uid) && present.Contains(f.Uid))
            .ToDictionary(f => f.Uid);
        return new SideChanges(ChangeSourceKind.CondStore, selected, vanished, changed, uids);
    }
}
