using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>
/// After a copy, the ids the target's server gave the appended messages (EMAILID, X-GM-MSGID), read
/// once for the whole copy and recorded with their pairs: APPEND does not report them, and a message
/// moved later on that server is recognized by its id only if it was recorded while it was still there.
/// Only on a server that has such ids; elsewhere this costs nothing.
/// </summary>
internal static class TargetEmailIds
{
    public static async Task RecordAsync(SyncContext context, long mailboxId, SyncSide target, IReadOnlyList<uint> appended, CancellationToken cancellationToken)
    {
        var server = context.Server(target);
        if (appended.Count == 0 || !server.Features.MessageIds)
        {
            return;
        }

        var prints = await FingerprintBatches.FetchAsync(server, appended, FingerprintBatches.BatchSize, cancellationToken).ConfigureAwait(false);
        context.State.SetEmailIds(mailboxId, target, prints.Where(p => p.EmailId is not null).Select(p => (p.Uid, p.EmailId!)));
    }
}
