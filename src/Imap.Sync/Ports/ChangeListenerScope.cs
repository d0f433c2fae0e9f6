namespace Imap.Sync.Ports;

/// <summary>What an <see cref="IChangeListener"/> hears about.</summary>
public enum ChangeListenerScope
{
    /// <summary>Every personal mailbox (IMAP NOTIFY, RFC 5465).</summary>
    EveryMailbox,

    /// <summary>INBOX only (IMAP IDLE, RFC 2177, where NOTIFY is not offered).</summary>
    Inbox,
}
