namespace Imap.Sync.Engine;

/// <summary>
/// A graceful stop (<see cref="SyncOptions.StopRequested"/>) reached a mailbox at a safe point: before
/// its first write, or between two committed copy batches. Nothing past what is already committed is
/// recorded for it (its UIDNEXT and HIGHESTMODSEQ stay as they were), so the next run goes on from there,
/// as after a kill at that point.
/// </summary>
internal sealed class MailboxStoppedException() : Exception("stopped on request");
