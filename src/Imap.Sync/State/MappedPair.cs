namespace Imap.Sync.State;

/// <summary>
/// A mapping row (one message present on both sides) with the flags each side last had, when known.
/// Flags are the sorted, space-joined list InterIMAP prints; null means unknown (e.g. adopted database).
/// </summary>
internal sealed record MappedPair(uint LocalUid, uint RemoteUid, string? LocalFlags, string? RemoteFlags)
{
    /// <summary>The message's UID on <paramref name="side"/>.</summary>
    public uint Uid(SyncSide side) => side == SyncSide.Local ? LocalUid : RemoteUid;

    /// <summary>The flags <paramref name="side"/> last had.</summary>
    public string? Flags(SyncSide side) => side == SyncSide.Local ? LocalFlags : RemoteFlags;
}
