namespace Imap.Sync.State;

/// <summary>
/// A row of the <c>mailboxes</c> table. <see cref="Name"/> is the modified UTF-7 name without the list
/// reference, with each hierarchy delimiter replaced by NUL (U+0000), as InterIMAP stores it.
/// </summary>
internal sealed record StoredMailbox(long Id, string Name, bool Subscribed);
