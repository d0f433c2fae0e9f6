using Imap.Sync.Ports;

namespace Imap.Sync;

/// <summary>
/// Opens one more connection to a side, for synchronizing several mailboxes at once
/// (<see cref="SyncOptions.MaxMailboxesInFlight"/>). The engine disposes what it opens.
/// </summary>
public delegate Task<IMailServer> MailServerConnector(SyncSide side, CancellationToken cancellationToken);
