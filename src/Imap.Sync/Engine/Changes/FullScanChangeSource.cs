using Imap.Sync.Ports;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// Plain SELECT and UID FETCH 1:n (FLAGS) of everything: gone = mapped but absent; changed = flags that
/// differ from the recorded ones (or all, when nothing was recorded). Needs no MODSEQ; used by repair.
/// </summary>
internal sealed class FullScanChangeSource : IChangeSource
{
    public ChangeSourceKind Kind => ChangeSourceKind.FullScan;

    public async ValueTask<SideChanges> ReadAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var selected = await query.Server.SelectAsync(query.Mailbox, null, cancellationToken).ConfigureAwait(false);
        if (query.Stored is { } stored && selected.UidValidity != stored.UidValidity)
        {
            return new SideChanges(Kind, selected, new HashSet<uint>(), new Dictionary<uint, MessageFlags>(), null);
        }

        return await ScanAsync(query, selected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The scan part alone, on an already selected mailbox.</summary>
    public static async ValueTask<SideChanges> ScanAsync(ChangeQuery query, SelectedMailboxState selected, CancellationToken cancellationToken)
    {
        var highestMapped = query.Mapped.Highest();
        var last = Math.Max(selected.UidNext > 0 ? selected.UidNext - 1 : 0, highestMapped);
        if (highestMapped == 0)
        {
            // Nothing mapped (a first pass): no message can be gone or changed, only the UIDs present
            // matter. A UID SEARCH answers in ranges; the flags of a whole large mailbox, read here only
            // to be dropped, were the initial copy's largest allocation (hundreds of bytes per message).
            var uids = last == 0 ? [] : await query.Server.FetchUidsAsync(1, last, cancellationToken).ConfigureAwait(false);
            return new SideChanges(ChangeSourceKind.FullScan, selected, new HashSet<uint>(), new Dictionary<uint, MessageFlags>(), uids);
        }

        IReadOnlyList<MessageFlags> all = last == 0
            ? []
            : await query.Server.FetchFlagsAsync(1, last, null, cancellationToken).ConfigureAwait(false);

        var present = all.Select(f => f.Uid).Order().ToList();
        var presentSet = present.ToHashSet();
        var vanished = query.Mapped.All.Keys.Where(uid => !presentSet.Contains(uid)).ToHashSet();
        var changed = new Dictionary<uint, MessageFlags>();
        foreach (var message in all)
        {
            if (query.Mapped.All.TryGetValue(message.Uid, out var recorded)
                && (recorded is null || !string.Equals(recorded, FlagList.Join(message.Flags), StringComparison.Ordinal)))
            {
                changed[message.Uid] = message;
            }
        }

        return new SideChanges(ChangeSourceKind.FullScan, selected, vanished, changed, present);
    }
}
