using Imap.Sync;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// Receives the engine's events on the engine's thread: prints them with the log prefix, counts
/// them for the progress line and summary.
/// </summary>
internal sealed class SyncEventSink : IProgress<SyncEvent>
{
    private const string ErrorMarker = "ERROR: ";

    private readonly Logger _logger;
    private readonly SyncStatistics _statistics;

    public SyncEventSink(Logger logger, SyncStatistics statistics)
    {
        _logger = logger;
        _statistics = statistics;
    }

    public void Report(SyncEvent value)
    {
        var component = value.Side switch
        {
            SyncSide.Local => "local",
            SyncSide.Remote => "remote",
            _ => null,
        };
        switch (value.Kind)
        {
            case SyncEventKind.MailboxStarted:
                _logger.Debug(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.Planned:
                _statistics.SetMailboxesTotal(value.Count);
                _logger.Debug(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.CopyPlanned:
                _statistics.CopyPlanned(value.Side == SyncSide.Remote, value.Count, value.Bytes);
                _logger.Debug(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.MailboxFinished:
                _statistics.MailboxDone();
                _logger.Debug(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.Warning when value.Message.StartsWith(ErrorMarker, StringComparison.Ordinal):
                _logger.Error(component, value.Mailbox, value.Message[ErrorMarker.Length..]);
                return;
            case SyncEventKind.Warning:
                _logger.Warning(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.UidValidityRecovered:
                _statistics.UidValidityRecovered();
                _logger.Warning(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.FlagConflict:
                _statistics.Conflict(Math.Max(1, value.Count));
                _logger.Warning(component, value.Mailbox, value.Message);
                return;
            case SyncEventKind.MailboxCreated:
                _statistics.MailboxCreated();
                break;
            case SyncEventKind.MessagesCopied:
                _statistics.MessagesCopied(value.Side == SyncSide.Remote, value.Count, value.Bytes);
                break;
            case SyncEventKind.MessagesAdopted:
                _statistics.MessagesAdopted(value.Count);
                break;
            case SyncEventKind.MessagesMoved:
                _statistics.MessagesMoved(value.Count);
                break;
            case SyncEventKind.FlagsUpdated:
                _statistics.FlagsUpdated(value.Count);
                break;
            case SyncEventKind.MessagesExpunged:
                _statistics.Expunged(value.Count);
                break;
            default:
                break;
        }

        _logger.Info(component, value.Mailbox, value.Message);
    }
}
