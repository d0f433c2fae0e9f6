using Imap.Sync.Engine.Changes;
using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>
/// What both sides of one mailbox reported changed since the last sync, before anything is written,
/// and the connections (lanes) that mailbox is selected on, for a step at the read barrier that reads
/// or moves messages of that mailbox while its own pass waits.
/// </summary>
internal sealed record MailboxChanges(MailboxPlan Plan, SideChanges Local, SideChanges Remote)
{
    public IMailServer? LocalServer { get; init; }

    public IMailServer? RemoteServer { get; init; }

    public SideChanges Of(SyncSide side) => side == SyncSide.Local ? Local : Remote;

    public IMailServer? Server(SyncSide side) => side == SyncSide.Local ? LocalServer : RemoteServer;
}
