using Imap.Sync.Ports;

namespace Imap.Sync.Engine.Changes;

/// <summary>SELECT ... (QRESYNC (uidvalidity modseq 1:uidnext-1)): VANISHED (EARLIER) and changed flags in one reply.</summary>
internal sealed class QResyncChangeSource : IChangeSource
{
    public ChangeSourceKind Kind => ChangeSourceKind.QResync;

    public async ValueTask<SideChanges> ReadAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var stored = query.Stored!.Value;
        // The new messages' UIDs are listed in the same flight: the next step copies them.
        var parameters = new QResyncState(stored.UidValidity, stored.HighestModSeq, query.KnownUidNext) { ListUidsFrom = Math.Max(stored.UidNext, 1) };
        var selected = await query.Server.SelectAsync(query.Mailbox, parameters, cancellationToken).ConfigureAwait(false);
        if (selected.UidValidity != stored.UidValidity)
        {
            // The engine reports the UIDVALIDITY change; the parameters were ignored by the server.
            return new SideChanges(Kind, selected, new HashSet<uint>(), new Dictionary<uint, MessageFlags>(), null);
        }

        if (!query.Server.Features.QResync)
        {
            // The server's answer to this very SELECT made the adapter stop trusting QRESYNC (iCloud's
            // VANISHED without (EARLIER), one it could not read): read the mailbox the CONDSTORE way.
            return await CondStoreChangeSource.ReadSelectedAsync(query, selected, cancellationToken).ConfigureAwait(false);
        }

        var vanished = query.Mapped.Within(selected.Vanished);
        var mapped = query.Mapped.Among(selected.Changed.Select(c => c.Uid));
        var changed = new Dictionary<uint, MessageFlags>();
        foreach (var change in selected.Changed)
        {
            if (mapped.Contains(change.Uid) && !vanished.Contains(change.Uid) && (change.ModSeq == 0 || change.ModSeq > stored.HighestModSeq))
            {
                changed[change.Uid] = change;
            }
        }

        return new SideChanges(Kind, selected, vanished, changed, null);
    }
}
