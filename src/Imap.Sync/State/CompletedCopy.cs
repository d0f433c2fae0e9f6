namespace Imap.Sync.State;

/// <summary>A message appended to the other side: its UID on each side and the flags each side now has.</summary>
public readonly record struct CompletedCopy(uint LocalUid, uint RemoteUid, string LocalFlags, string RemoteFlags);
