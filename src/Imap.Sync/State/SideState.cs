namespace Imap.Sync.State;

/// <summary>
/// What the database knows of one side of a mailbox (a row of InterIMAP's <c>local</c>/<c>remote</c> table).
/// <see cref="UidNext"/> and <see cref="HighestModSeq"/> are 0 until the first complete pass.
/// </summary>
internal readonly record struct SideState(uint UidValidity, uint UidNext, ulong HighestModSeq);
