namespace Imap.Sync.State;

/// <summary>
/// A message appended to the other side: its UID on each side and the flags each side now has (null when
/// unknown, e.g. found again after a crash), and each server's id of it where known (see <see cref="Ports.MessageFingerprint.EmailId"/>).
/// </summary>
internal readonly record struct CompletedCopy(uint LocalUid, uint RemoteUid, string? LocalFlags, string? RemoteFlags)
{
    public string? LocalEmailId { get; init; }

    public string? RemoteEmailId { get; init; }

    /// <summary>The message's UID on <paramref name="side"/>.</summary>
    public uint Uid(SyncSide side) => side == SyncSide.Local ? LocalUid : RemoteUid;
}
