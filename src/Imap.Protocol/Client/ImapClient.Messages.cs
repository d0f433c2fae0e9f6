using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// UID STORE of flags, optionally with UNCHANGEDSINCE (CONDSTORE). Returns the [MODIFIED] set
    /// (messages changed since, so not stored) and the FETCH replies. Long sets are split and pipelined.
    /// </summary>
    /// <exception cref="ArgumentException">A flag is neither a system flag (<c>\Seen</c>) nor a keyword atom; nothing is sent.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "Flag names or a flag set: the third argument's type decides, and a collection expression only fits the names.")]
    public async Task<StoreResult> StoreAsync(
        UidSet uids,
        StoreAction action,
        IEnumerable<string> flags,
        ModSeq? unchangedSince = null,
        bool silent = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(flags);
        var flagList = flags.ToArray();
        ImapWire.CheckFlags(flagList, nameof(flags)); // before any chunk is queued
        var updated = new List<FetchResponse>();
        var chunks = uids.Split(_options.MaxUidSetLength).Select(chunk =>
        {
            var command = Encode(new UidStoreCommand(chunk, action, flagList, unchangedSince, silent));
            var pending = new PendingCommand(command)
            {
                Fetches = FetchInterest.ForStore(chunk, silent, f =>
                {
                    lock (updated)
                    {
                        updated.Add(f);
                    }
                }),
            };
            return _connection.ExecuteAsync(pending, cancellationToken);
        }).ToArray();
        var replies = await Task.WhenAll(chunks).ConfigureAwait(false);
        var modified = replies.Select(r => r.Code?.Modified).OfType<UidSet>().Aggregate(UidSet.Empty, (a, b) => a.Union(b));
        return new StoreResult(modified, updated);
    }

    /// <summary>
    /// UID STORE of a flag set, such as the <see cref="FetchResponse.Flags"/> read from another mailbox or
    /// server; otherwise as <see cref="StoreAsync(UidSet, StoreAction, IEnumerable{string}, ModSeq?, bool, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A keyword in the set could not be sent as a flag (a server may report one); nothing is sent.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "Flag names or a flag set: the third argument's type decides, and a collection expression only fits the names.")]
    public Task<StoreResult> StoreAsync(
        UidSet uids,
        StoreAction action,
        FlagSet flags,
        ModSeq? unchangedSince = null,
        bool silent = false,
        CancellationToken cancellationToken = default) =>
        StoreAsync(uids, action, flags.Select(f => f.Name), unchangedSince, silent, cancellationToken);

    /// <summary>UID COPY; returns the COPYUID mapping when the server gives one (UIDPLUS).</summary>
    public Task<CopyResult> CopyAsync(UidSet uids, MailboxName destination, CancellationToken cancellationToken = default) =>
        CopyOrMoveAsync(move: false, uids, destination, cancellationToken);

    /// <summary>UID MOVE (RFC 6851); returns the COPYUID mapping when the server gives one.</summary>
    public Task<CopyResult> MoveAsync(UidSet uids, MailboxName destination, CancellationToken cancellationToken = default) =>
        CopyOrMoveAsync(move: true, uids, destination, cancellationToken);

    private async Task<CopyResult> CopyOrMoveAsync(bool move, UidSet uids, MailboxName destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(destination);
        var codes = new List<ResponseCode>();
        var tasks = uids.Split(_options.MaxUidSetLength).Select(chunk =>
        {
            var pending = new PendingCommand(Encode(new UidCopyCommand(chunk, destination, move)))
            {
                Claim = r =>
                {
                    // MOVE reports COPYUID in an untagged OK before its expunges.
                    if (r is not StatusResponse { Tag: null, Code: { Kind: ResponseCodeKind.CopyUid } code })
                    {
                        return false;
                    }
                    lock (codes)
                    {
                        codes.Add(code);
                    }
                    return true;
                },
            };
            return _connection.ExecuteAsync(pending, cancellationToken);
        }).ToArray();
        var replies = await Task.WhenAll(tasks).ConfigureAwait(false);
        codes.AddRange(replies.Select(r => r.Code).OfType<ResponseCode>().Where(c => c.Kind == ResponseCodeKind.CopyUid));
        var mapping = codes.SelectMany(c => c.CopiedUids ?? []).ToArray();
        return new CopyResult(codes.FirstOrDefault()?.UidValidity, mapping);
    }

    /// <summary>
    /// UID EXPUNGE (UIDPLUS): removes only these \Deleted messages. The expunges reach
    /// <see cref="Selected"/> (see <see cref="SelectedMailbox.TakeVanished"/>).
    /// </summary>
    public async Task ExpungeAsync(UidSet uids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var tasks = uids.Split(_options.MaxUidSetLength)
            .Select(chunk => _connection.ExecuteAsync(new PendingCommand(Encode(new UidExpungeCommand(chunk))), cancellationToken))
            .ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// UID SEARCH (e.g. <c>SearchKey.And(SearchKey.UidFrom(new Uid(100)), SearchKey.ModSeqAtLeast(new ModSeq(5)))</c>);
    /// uses ESEARCH (RETURN (ALL)) when offered, whose answers carry the command's tag. Without ESEARCH two
    /// searches in one mailbox are not in flight together: a plain SEARCH answer names no command.
    /// </summary>
    /// <exception cref="ImapCommandException">The server refused the search, or completed it without its SEARCH/ESEARCH data.</exception>
    public async Task<SearchResult> SearchAsync(SearchKey criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var esearch = Capabilities.Esearch;
        var command = Encode(new SearchCommand(criteria, esearch));
        UidSet? uids = null;
        ModSeq? modSeq = null;
        var pending = new PendingCommand(command)
        {
            // The read loop gives an ESEARCH to the command its tag names; a plain SEARCH to the only
            // SEARCH in flight in the selection (without ESEARCH the command's pipelining keeps it the
            // only one; a server that advertised ESEARCH but answers the old way is understood too).
            Claim = r =>
            {
                switch (r)
                {
                    case ESearchResponse e when uids is null && esearch:
                        uids = e.All ?? UidSet.Empty;
                        modSeq = e.ModSeq;
                        return true;
                    case SearchResponse s when uids is null:
                        uids = UidSet.FromUids(s.Numbers.Select(n => new Uid(n)));
                        modSeq = s.ModSeq;
                        return true;
                    default:
                        return false;
                }
            },
        };
        var reply = await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        // RFC 3501 and 4731 require the data even when nothing matches: without it an empty set would be a guess.
        return uids is null
            ? throw new ImapCommandException($"UID SEARCH (tag {pending.Tag}): the server completed it ({reply.Text}) without {(esearch ? "an ESEARCH response naming that tag" : "a SEARCH response")}")
            : new SearchResult(uids, modSeq);
    }
}
