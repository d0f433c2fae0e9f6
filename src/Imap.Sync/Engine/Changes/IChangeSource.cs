namespace Imap.Sync.Engine.Changes;

/// <summary>
/// Selects the mailbox and says what changed since the stored state. The sync logic does not care which
/// implementation answered: QRESYNC, CONDSTORE or a full scan.
/// </summary>
internal interface IChangeSource
{
    ChangeSourceKind Kind { get; }

    ValueTask<SideChanges> ReadAsync(ChangeQuery query, CancellationToken cancellationToken);
}
