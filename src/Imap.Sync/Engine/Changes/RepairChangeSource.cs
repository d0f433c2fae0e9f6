using Imap.Sync.Ports;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// For repair: a full scan, plus, where QRESYNC allows, the VANISHED (EARLIER) set since the stored
/// state as evidence of real expunges. A mapped message missing without that evidence is copied back
/// from the other side instead of being deleted there.
/// </summary>
internal sealed class RepairChangeSource : IChangeSource
{
    public ChangeSourceKind Kind => ChangeSourceKind.FullScan;

    public async ValueTask<SideChanges> ReadAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        QResyncState? parameters = null;
        if (query.Server.Features.QResync && query.HasBaseline && query.Stored!.Value.HighestModSeq > 0)
        {
            var stored = query.Stored.Value;
            parameters = new QResyncState(stored.UidValidity, stored.HighestModSeq, query.KnownUidNext);
        }

        var selected = await query.Server.SelectAsync(query.Mailbox, parameters, cancellationToken).ConfigureAwait(false);
        if (query.Stored is { } s && selected.UidValidity != s.UidValidity)
        {
            return new SideChanges(Kind, selected, new HashSet<uint>(), new Dictionary<uint, MessageFlags>(), null);
        }

        var scan = await FullScanChangeSource.ScanAsync(query, selected, cancellationToken).ConfigureAwait(false);
        return scan with { ConfirmedVanished = parameters is null ? new HashSet<uint>() : query.Mapped.Within(selected.Vanished) };
    }
}
