namespace Imap.Sync.Ports;

/// <summary>
/// A mailbox selected again on a shared connection (see <see cref="IMailServer.OpenLane"/>) showed
/// another UIDVALIDITY than when it was first selected in this pass: it was deleted and recreated
/// meanwhile, so the UIDs the engine holds may name other messages. Nothing is recorded for that
/// mailbox; the next run sees the new UIDVALIDITY and recovers as from any UIDVALIDITY change.
/// </summary>
public sealed class MailboxReplacedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailboxReplacedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public MailboxReplacedException()
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public MailboxReplacedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
