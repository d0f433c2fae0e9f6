namespace Imap.Sync.State;

/// <summary>
/// A mailbox rename seen on one side and replayed on <see cref="Side"/>, recorded before the RENAME and
/// cleared with the database rows renamed. Names are neutral (NUL for the delimiter, no reference).
/// </summary>
internal sealed record RenameIntent(SyncSide Side, string Source, string Target);
