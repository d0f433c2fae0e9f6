namespace Imap.Sync;

/// <summary>
/// A progress report. <see cref="Message"/> is a ready-to-print line in InterIMAP's wording (without the
/// <c>side(mailbox): </c> prefix, which the caller builds from <see cref="Side"/> and <see cref="Mailbox"/>).
/// <see cref="Mailbox"/> is the NUL-delimited name with the local delimiter put back.
/// </summary>
public sealed record SyncEvent(SyncEventKind Kind, string Message, SyncSide? Side = null, string? Mailbox = null, int Count = 0, long Bytes = 0);
