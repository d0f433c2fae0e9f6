using Imap.Protocol.Client;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// Moving messages of the selected mailbox to another one.
public sealed partial class ImapMailServer
{
    /// <inheritdoc/>
    public async ValueTask<MovedUids> MoveAsync(IReadOnlyList<uint> uids, string mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentException.ThrowIfNullOrEmpty(mailbox);
        var set = Set(uids);
        Writing(); // reads asked for with it are sent after it, on their own
        CopyResult result;
        if (Features.Move)
        {
            result = await OnLaneWriteAsync(() => Refusable(_client.MoveAsync(set, Name(mailbox), cancellationToken)), cancellationToken).ConfigureAwait(false);
        }
        else if (Features.UidPlus)
        {
            // One after the other, as in ExpungeAsync: a server may run pipelined UID commands in parallel.
            result = await OnLaneWriteAsync(() => Refusable(_client.CopyAsync(set, Name(mailbox), cancellationToken)), cancellationToken).ConfigureAwait(false);
            NoteModSeqs(await OnLaneWriteAsync(() => Refusable(_client.StoreAsync(set, StoreAction.Add, ["\\Deleted"], null, silent: true, cancellationToken)), cancellationToken).ConfigureAwait(false));
            await OnLaneWriteAsync(() => Refusable(_client.ExpungeAsync(set, cancellationToken)), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A plain EXPUNGE would also remove other clients' \Deleted messages.
            throw new SyncException("The server offers neither MOVE (RFC 6851) nor UIDPLUS (RFC 4315): cannot move single messages.");
        }

        return new MovedUids(result.UidValidity?.Value, result.Mapping.ToDictionary(p => p.Key.Value, p => p.Value.Value));
    }
}
