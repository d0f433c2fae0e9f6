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
    /// <summary>Where the mailbox waits, once its changes are read, for the others synchronized with it (see <see cref="ReadBarrier"/>).</summary>
    public ReadBarrier? Barrier { get; init; }

    /// <summary>Replays at the read barrier the moves another client made between mailboxes (see <see cref="MoveReplayer"/>).</summary>
    public MoveReplayer? Moves { get; init; }

    public IMailServer Server(SyncSide side) => side == SyncSide.Local ? Local : Remote;

    public SideNaming Naming(SyncSide side) => side == SyncSide.Local ? LocalNaming : RemoteNaming;
}
