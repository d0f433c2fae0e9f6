namespace Imap.Sync.Engine;

/// <summary>Counts what the run does and forwards each event to the caller's progress sink.</summary>
internal sealed class SyncReporter(IProgress<SyncEvent>? progress)
{
    private readonly Lock _lock = new();
    private readonly List<SyncException> _errors = [];
    private int _synced;
    private int _unchanged;
    private int _created;
    private int _toLocal;
    private int _toRemote;
    private int _flagUpdates;
    private int _expunges;
    private int _conflicts;
    private int _adopted;
    private int _moved;
    private int _recovered;
    private int _warnings;
    private long _bytes;
    private int _notStarted;

    public void Report(SyncEvent syncEvent)
    {
        lock (_lock)
        {
            switch (syncEvent.Kind)
            {
                case SyncEventKind.Warning: _warnings++; break;
                case SyncEventKind.MailboxStarted: _synced++; break;
                case SyncEventKind.MailboxCreated: _created++; break;
                case SyncEventKind.FlagsUpdated: _flagUpdates += syncEvent.Count; break;
                case SyncEventKind.MessagesExpunged: _expunges += syncEvent.Count; break;
                case SyncEventKind.FlagConflict: _conflicts += Math.Max(1, syncEvent.Count); _warnings++; break;
                case SyncEventKind.MessagesAdopted: _adopted += syncEvent.Count; break;
                case SyncEventKind.MessagesMoved: _moved += syncEvent.Count; break;
                case SyncEventKind.UidValidityRecovered: _recovered++; _warnings++; break;
                case SyncEventKind.MessagesCopied:
                    if (syncEvent.Side == SyncSide.Local)
                    {
                        _toLocal += syncEvent.Count;
                    }
                    else
                    {
                        _toRemote += syncEvent.Count;
                    }

                    _bytes += syncEvent.Bytes;
                    break;
                default: break;
            }
        }

        progress?.Report(syncEvent);
    }

    public void Info(string message, SyncSide? side = null, string? mailbox = null) =>
        Report(new SyncEvent(SyncEventKind.Info, message, side, mailbox));

    public void Warning(string message, SyncSide? side = null, string? mailbox = null) =>
        Report(new SyncEvent(SyncEventKind.Warning, message, side, mailbox));

    public void Unchanged()
    {
        lock (_lock)
        {
            _unchanged++;
        }
    }

    public void NotStarted(int mailboxes)
    {
        lock (_lock)
        {
            _notStarted += mailboxes;
        }

        Info($"Stopping on request: {mailboxes} mailbox(es) left for the next run");
    }

    /// <summary>A mailbox that had started was left at a safe point by a graceful stop: it counts as not synchronized.</summary>
    public void Interrupted(string mailbox)
    {
        lock (_lock)
        {
            _synced--;
            _notStarted++;
        }

        Info($"Stopping on request: {mailbox} left unfinished for the next run", null, mailbox);
    }

    public void Error(SyncException error)
    {
        lock (_lock)
        {
            _errors.Add(error);
        }

        progress?.Report(new SyncEvent(SyncEventKind.Warning, "ERROR: " + error.Message, error.Side, error.Mailbox));
    }

    public SyncSummary Summary()
    {
        lock (_lock)
        {
            return new SyncSummary
            {
                MailboxesSynced = _synced,
                MailboxesUnchanged = _unchanged,
                MailboxesCreated = _created,
                MessagesCopiedToLocal = _toLocal,
                MessagesCopiedToRemote = _toRemote,
                FlagUpdates = _flagUpdates,
                Expunges = _expunges,
                Conflicts = _conflicts,
                MessagesAdopted = _adopted,
                MessagesMoved = _moved,
                UidValidityRecoveries = _recovered,
                Warnings = _warnings,
                BytesCopied = _bytes,
                MailboxesNotStarted = _notStarted,
                Errors = [.. _errors],
            };
        }
    }
}
