using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// LIST, STATUS, CREATE/DELETE/RENAME/SUBSCRIBE, SELECT.
public sealed partial class ImapMailServer
{
    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ListedMailbox>> ListAsync(MailboxListQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var extended = Features.ListExtended;
        var items = StatusItems.UidNext | StatusItems.UidValidity | (Features.CondStore ? StatusItems.HighestModSeq : StatusItems.None);
        var clientRequest = new Protocol.Client.ListRequest
        {
            Reference = ModifiedUtf7.Decode(request.Reference),
            Patterns = [.. request.Patterns.Select(ModifiedUtf7.Decode)],
            SelectionOptions = extended ? request.SelectionOptions : [],
            ReturnSubscribed = extended && request.ReturnSubscribed,
            ReturnStatus = request.ReturnStatus && Features.ListStatus ? items : StatusItems.None,
        };

        if (clientRequest.ReturnStatus != StatusItems.None && _client.Selected is not null && _client.Capabilities.Has("UNSELECT"))
        {
            // LIST-STATUS may report stale values for the selected mailbox (and the engine skips
            // mailboxes whose status did not move), so leave it first. Never CLOSE: it would expunge.
            await UnselectInOrderAsync(cancellationToken).ConfigureAwait(false);
        }

        var entries = new List<ListEntry>();
        if (extended || clientRequest.Patterns.Count <= 1)
        {
            entries.AddRange(await _client.ListAsync(clientRequest, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            // One LIST per pattern, pipelined: one round trip in all.
            var lists = clientRequest.Patterns
                .Select(p => _client.ListAsync(new Protocol.Client.ListRequest { Reference = clientRequest.Reference, Patterns = [p] }, cancellationToken))
                .ToList();
            foreach (var list in lists)
            {
                entries.AddRange(await list.ConfigureAwait(false));
            }
        }

        // Without LIST-EXTENDED, subscriptions come from LSUB.
        HashSet<string>? subscribed = null;
        if (request.ReturnSubscribed && !extended)
        {
            subscribed = new HashSet<string>(StringComparer.Ordinal);
            var lsubs = clientRequest.Patterns.Select(p => _client.LsubAsync(clientRequest.Reference, p, cancellationToken)).ToList();
            foreach (var lsub in lsubs)
            {
                foreach (var entry in await lsub.ConfigureAwait(false))
                {
                    subscribed.Add(entry.Mailbox.Wire);
                }
            }
        }

        var result = new List<ListedMailbox>(entries.Count);
        foreach (var entry in entries)
        {
            var attributes = entry.Mailbox.Attributes.ToList();
            if (subscribed?.Contains(entry.Mailbox.Mailbox.Wire) == true)
            {
                attributes.Add("\\Subscribed");
            }

            MailboxStatus? status = entry.Status is { UidValidity: { } uv, UidNext: { } next } s
                ? new MailboxStatus(uv.Value, next.Value, s.HighestModSeq?.Value ?? 0)
                : null;
            result.Add(new ListedMailbox(entry.Mailbox.Mailbox.Wire, entry.Mailbox.Delimiter, attributes, status));
        }

        return result;
    }

    /// <inheritdoc/>
    public async ValueTask<string> GetPersonalNamespacePrefixAsync(CancellationToken cancellationToken)
    {
        if (!_client.Capabilities.Namespace)
        {
            return "";
        }

        var namespaces = await _client.NamespaceAsync(cancellationToken).ConfigureAwait(false);
        return namespaces?.Personal is [var first, ..] ? first.Prefix : "";
    }

    /// <inheritdoc/>
    public async ValueTask<MailboxStatus> GetStatusAsync(string mailbox, CancellationToken cancellationToken)
    {
        var items = StatusItems.UidNext | StatusItems.UidValidity | (Features.CondStore ? StatusItems.HighestModSeq : StatusItems.None);
        var status = await _client.StatusAsync(Name(mailbox), items, cancellationToken).ConfigureAwait(false);
        return new MailboxStatus(status.UidValidity?.Value ?? 0, status.UidNext?.Value ?? 0, status.HighestModSeq?.Value ?? 0);
    }

    /// <inheritdoc/>
    public async ValueTask<string?> GetMailboxObjectIdAsync(string mailbox, CancellationToken cancellationToken)
    {
        if (!Features.ObjectId)
        {
            return null;
        }

        // MAILBOXID alone: Cyrus 3.6 sends stray memory bytes (a bare LF among them) for it when other
        // items are asked beside it, in STATUS and in LIST-STATUS alike.
        var status = await _client.StatusAsync(Name(mailbox), StatusItems.MailboxId, cancellationToken).ConfigureAwait(false);
        return status.MailboxId;
    }

    /// <inheritdoc/>
    public async ValueTask CreateMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CreateAsync(Name(mailbox), cancellationToken).ConfigureAwait(false);
        }
        catch (ImapCommandException ex)
        {
            throw new MailServerCommandException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DeleteMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        await _client.DeleteAsync(Name(mailbox), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken)
    {
        try
        {
            await _client.RenameAsync(Name(oldName), Name(newName), cancellationToken).ConfigureAwait(false);
        }
        catch (ImapCommandException ex)
        {
            throw new MailServerCommandException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetSubscriptionAsync(string mailbox, bool subscribed, CancellationToken cancellationToken)
    {
        if (subscribed)
        {
            await _client.SubscribeAsync(Name(mailbox), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _client.UnsubscribeAsync(Name(mailbox), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<SelectedMailboxState> SelectAsync(string mailbox, QResyncState? qresync, CancellationToken cancellationToken)
    {
        var qresyncParameters = qresync is null || !Features.QResync
            ? null
            : new Protocol.Client.QResyncParameters(
                new UidValidity(qresync.UidValidity),
                new ModSeq(qresync.HighestModSeq),
                qresync.KnownUids is { } known ? Set(known) : qresync.UidNext > 1 ? Range(1, qresync.UidNext - 1) : null);
        // QRESYNC's changes, each reduced to its change record as the client reads it; the SELECT that is
        // answered is the last one sent (SelectWithUidNextAsync may send it twice).
        List<MessageFlags> changed = [];
        SelectOptions Options()
        {
            var mine = changed = [];
            var records = new ChangeRecords();
            return new SelectOptions
            {
                CondStore = qresync is null && Features.CondStore,
                QResync = qresyncParameters,
                OnChangedFlags = f => mine.Add(records.ToRecord(f)),
            };
        }

        ForgetModSeqs(); // they belonged to the mailbox selected before
        var listFrom = qresyncParameters is null ? null : qresync!.ListUidsFrom;
        var (result, next, listing) = await SelectWithUidNextAsync(mailbox, Options, listFrom, cancellationToken).ConfigureAwait(false);
        var live = result.Mailbox;
        if (live.UidValidity is null || live.UidNotSticky)
        {
            Drop(listing);
        }

        if (live.UidValidity is not { } validity)
        {
            // Without UIDVALIDITY a UID may name another message next time: nothing can be paired safely.
            throw new MailServerCommandException(
                $"The server sent no UIDVALIDITY when {mailbox} was selected, so its UIDs cannot be trusted from one session to the next; "
                + "this mailbox is not synchronized (the server breaks RFC 3501 here: ask its administrator, or leave the mailbox out with list-mailbox)");
        }

        _laneValidity = validity.Value; // a re-SELECT of this lane must show the same (see OnLaneAsync)
        if (live.UidNotSticky)
        {
            throw new SyncException($"Mailbox {mailbox} does not support persistent UIDs.");
        }

        List<string>? permanent = null;
        if (live.PermanentFlags is { } flags)
        {
            permanent = FlagNames(flags);
            if (live.AllowsNewKeywords)
            {
                permanent.Add("\\*");
            }
        }

        var modSeq = live.NoModSeq ? 0 : live.HighestModSeq?.Value ?? 0;
        if (qresyncParameters is not null && (live.UnreadableVanished || !live.TakeVanished().IsEmpty))
        {
            // iCloud answers SELECT (QRESYNC ...) with VANISHED lacking (EARLIER), or one that cannot be
            // read. Such a server is not trusted with QRESYNC again on this connection: the engine reads
            // this mailbox and the next ones through CONDSTORE (see QResyncChangeSource). The answer is
            // dropped and the mailbox selected again without QRESYNC: an unlabelled VANISHED counts as
            // expunges, so the message count this SELECT left behind cannot be trusted either.
            Features = Features with { QResync = false };
            Drop(listing);
            return await SelectAsync(mailbox, null, cancellationToken).ConfigureAwait(false);
        }

        return new SelectedMailboxState(validity.Value, next, modSeq, permanent, result.Vanished, changed)
        {
            ListedUids = listing is null ? null : await ListedAsync(listing, listFrom!.Value, next).ConfigureAwait(false),
            ListedFrom = listFrom ?? 0,
        };
    }

    // The UIDs the SELECT's pipelined UID SEARCH found below UIDNEXT; null when it was refused (the
    // engine then asks again, on its own).
    private async Task<IReadOnlyList<uint>?> ListedAsync(Task<SearchResult> listing, uint from, uint uidNext)
    {
        if (from >= uidNext)
        {
            Drop(listing);
            return [];
        }

        try
        {
            return UidsWithin(await listing.ConfigureAwait(false), from, uidNext - 1);
        }
        catch (ImapCommandException)
        {
            return null;
        }
    }
}
