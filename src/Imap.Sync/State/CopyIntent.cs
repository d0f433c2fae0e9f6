namespace Imap.Sync.State;

/// <summary>
/// A message about to be appended to the other side, recorded before the APPEND. On resume it is looked
/// for among the target's new UIDs by Message-ID, size and internal date.
/// </summary>
internal sealed record CopyIntent(SyncSide Source, uint SourceUid, long Size, string? InternalDate, string? MessageId);
