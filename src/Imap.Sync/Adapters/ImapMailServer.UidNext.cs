using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// SELECT on servers whose SELECT reply carries no [UIDNEXT] (Courier-IMAP).
public sealed partial class ImapMailServer
{
    /// <summary>
    /// SELECT and the mailbox's UIDNEXT. When the SELECT reply has none, STATUS (UIDNEXT) is sent
    /// just before the SELECT, pipelined: a message delivered in between gets a UID at or above that
    /// value, so every UID below it is in the selected view, and the engine never passes a message it
    /// did not see. (UIDs from <c>UID FETCH *</c> would give a lower value after the last message is
    /// expunged, which reads as state going backwards.) The first SELECT that lacks it is repeated
    /// this way once; later ones on this connection send STATUS first straight away. Each SELECT sent
    /// gets its own <paramref name="options"/>, so what one collects is not mixed with the repeated one's.
    /// </summary>
    private async Task<(SelectResult Result, uint UidNext, Task<SearchResult>? Listing)> SelectWithUidNextAsync(
        string mailbox, Func<SelectOptions> options, uint? listFrom, CancellationToken cancellationToken)
    {
        if (!_shared.SelectLacksUidNext)
        {
            var (result, listing) = await Refusable(SelectOnLaneAsync(mailbox, options(), listFrom, cancellationToken)).ConfigureAwait(false);
            var next = result.Mailbox.UidNext;
            if (next is not null || result.Mailbox.UidValidity is null)
            {
                return (result, next?.Value ?? 0, listing); // without UIDVALIDITY the caller refuses the mailbox
            }

            Drop(listing);
            _shared.SelectLacksUidNext = true;
        }

        var status = _client.StatusAsync(Name(mailbox), StatusItems.UidNext, cancellationToken);
        var selected = SelectOnLaneAsync(mailbox, options(), listFrom, cancellationToken);
        var statusNext = (await Refusable(status).ConfigureAwait(false)).UidNext;
        var (reply, listed) = await Refusable(selected).ConfigureAwait(false);
        var uidNext = reply.Mailbox.UidNext ?? statusNext
            ?? throw new MailServerCommandException(
                $"The server sent no UIDNEXT for {mailbox}, neither when it was selected nor in STATUS, so new messages cannot be told from known ones; "
                + "this mailbox is not synchronized (the server breaks RFC 3501 here)");
        return (reply, uidNext.Value, listed);
    }
}
