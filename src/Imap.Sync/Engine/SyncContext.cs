using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>What every step of one run shares.</summary>
internal sealed record SyncContext(
    IMailServer Local,
    IMailServer Remote,
    SyncStateStore State,
    SyncOptions Options,
    SyncReporter Reporter,
    SideNaming LocalNaming,
    SideNaming RemoteNaming,
    bool Repair)
{
    public IMailServer Server(SyncSide side) => side == SyncSide.Local ? Local : Remote;

    public SideNaming Naming(SyncSide side) => side == SyncSide.Local ? LocalNaming : RemoteNaming;
}
