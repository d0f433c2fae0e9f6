using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>A mailbox present on both sides after list reconciliation, with the LIST-STATUS data seen (if any).</summary>
internal sealed record MailboxPlan(StoredMailbox Row, string LocalName, string RemoteName, MailboxStatus? LocalStatus, MailboxStatus? RemoteStatus)
{
    public string Name(SyncSide side) => side == SyncSide.Local ? LocalName : RemoteName;
}
