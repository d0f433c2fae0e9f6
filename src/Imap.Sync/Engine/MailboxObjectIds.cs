using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>
/// Keeps the MAILBOXID (OBJECTID, RFC 8474) each side reports for each mailbox in the database, so a
/// mailbox renamed by another client is recognized by the server's own word (see <see cref="RenameDetector"/>).
/// Asked with STATUS once per mailbox and side (the id stays with the mailbox), so an account already
/// recorded costs no round trip and no database write.
/// </summary>
internal static class MailboxObjectIds
{
    public static async Task RememberAsync(IMailServer local, IMailServer remote, SyncStateStore state, IReadOnlyList<MailboxPlan> plans, CancellationToken cancellationToken)
    {
        if (!local.Features.ObjectId && !remote.Features.ObjectId)
        {
            return;
        }

        var stored = state.GetMailboxObjectIds();
        var asked = new List<(long Id, SyncSide Side, Task<string?> ObjectId)>();
        foreach (var plan in plans)
        {
            foreach (var (side, server, status) in (List<(SyncSide, IMailServer, MailboxStatus?)>)[(SyncSide.Local, local, plan.LocalStatus), (SyncSide.Remote, remote, plan.RemoteStatus)])
            {
                // A null status: created on that side by this run (or no LIST-STATUS); the next run asks.
                if (server.Features.ObjectId && status is not null && !stored.ContainsKey((plan.Row.Id, side)))
                {
                    asked.Add((plan.Row.Id, side, server.GetMailboxObjectIdAsync(plan.Name(side), cancellationToken).AsTask()));
                }
            }
        }

        var found = new List<(long, SyncSide, string)>();
        foreach (var (id, side, ask) in asked)
        {
            if (await ask.ConfigureAwait(false) is { } objectId)
            {
                found.Add((id, side, objectId));
            }
        }

        if (found.Count > 0)
        {
            state.SetMailboxObjectIds(found);
        }
    }
}
