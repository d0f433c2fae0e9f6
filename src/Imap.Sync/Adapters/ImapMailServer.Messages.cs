using System.Runtime.CompilerServices;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Sync.Engine;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// Message commands on the selected mailbox.
public sealed partial class ImapMailServer
{
    private const string WholeBody = "BODY.PEEK[]";
    private const string MessageIdHeader = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]";
    private const int MaxSearchSetLength = 4000;

    /// <summary>
    /// Reader limits for a client whose messages this adapter copies (<see cref="ImapClientOptions.Limits"/>):
    /// bodies from 1 KiB on stream straight into the adapter's pooled memory (see <see cref="FetchMessagesAsync"/>)
    /// instead of each being copied out of its response into an array of its own, as they are up to the
    /// default <see cref="ImapReaderLimits.InlineLiteralThreshold"/> (64 KiB).
    /// </summary>
    public static ImapReaderLimits ReaderLimits { get; } = ImapReaderLimits.Default with { InlineLiteralThreshold = 1024 };

    /// <summary>
    /// The pipeline depth for a client this adapter synchronizes over (<see cref="ImapClientOptions.PipelineDepth"/>):
    /// every changed mailbox of a wave (up to 64) sends its next commands in the same flight, a re-SELECT and
    /// one or two commands each, so the client's default of 16 would split each flight into round trips.
    /// </summary>
    public const int PipelineDepth = 256;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(uint first, uint last, ulong? changedSince, CancellationToken cancellationToken)
    {
        var request = new FetchRequest { Flags = true, ModSeq = Features.CondStore, ChangedSince = changedSince is { } c ? new ModSeq(c) : null };
        return await ReadFlagsAsync(Range(first, last), request, u => u >= first && u <= last, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<MessageFlags>> FetchFlagsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var set = Set(uids);
        var request = new FetchRequest { Flags = true, ModSeq = Features.CondStore };
        return await ReadFlagsAsync(set, request, u => set.Contains(new Uid(u)), cancellationToken).ConfigureAwait(false);
    }

    // The change records of the answers about `wanted` UIDs, each made as its answer arrives.
    private async Task<List<MessageFlags>> ReadFlagsAsync(UidSet uids, FetchRequest request, Func<uint, bool> wanted, CancellationToken cancellationToken)
    {
        var read = new List<MessageFlags>();
        var records = new ChangeRecords();
        await OnLaneAsync(
            () => _client.FetchFlagsAsync(uids, request, f =>
            {
                if (wanted(f.Uid.Value))
                {
                    read.Add(records.ToRecord(f));
                }
            }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return read;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<uint>> FetchUidsAsync(uint first, uint last, CancellationToken cancellationToken)
    {
        var found = TakeListingBehindWrites(first) is { } sent
            ? await sent.ConfigureAwait(false)
            : await OnLaneAsync(() => _client.SearchAsync(SearchKey.Uid(UidSet.FromRanges([new UidRange(first, last)])), cancellationToken), cancellationToken).ConfigureAwait(false);
        return UidsWithin(found, first, last);
    }

    // The UIDs of a SEARCH answer from first to last, checked against the mailbox's size.
    private List<uint> UidsWithin(SearchResult found, uint first, uint last)
    {
        var asked = UidSet.FromRanges(found.Uids.Ranges
            .Where(r => r.Last >= first && r.First <= last)
            .Select(r => new UidRange(Math.Max(r.First, first), Math.Min(r.Last, last))));
        // Expanded one by one below: no more UIDs than the mailbox has messages (ESEARCH ALL 1:4294967295).
        var messages = _selected?.Exists ?? 0;
        if (asked.Count > messages)
        {
            throw new SyncException($"The server's SEARCH named {asked.Count} UIDs in {first}:{last} of a mailbox of {messages} messages (broken or hostile server).");
        }

        return [.. asked.Select(u => u.Value)];
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<uint>> StoreFlagsAsync(IReadOnlyList<uint> uids, IReadOnlyList<string> flags, ulong? unchangedSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var since = unchangedSince is { } s && Features.CondStore ? new ModSeq(s) : (ModSeq?)null;
        var result = await WriteAsync(
            Writing(),
            () => Refusable(_client.StoreAsync(Set(uids), StoreAction.Replace, flags, since, silent: true, cancellationToken)),
            NoteModSeqs,
            cancellationToken).ConfigureAwait(false);
        // Only the UIDs we stored can have been refused: never enumerate a MODIFIED set from the server.
        return [.. uids.Where(u => result.Modified.Contains(new Uid(u)))];
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<uint>> ExpungeAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        if (!Features.UidPlus)
        {
            // A plain EXPUNGE would also remove other clients' \Deleted messages.
            throw new SyncException("The server did not advertise UIDPLUS (RFC 4315): cannot expunge single messages.");
        }

        var set = Set(uids);
        var vanished = await WriteAsync(
            Writing(),
            () => IssueDeleteThenExpunge(set, cancellationToken),
            static _ => { },
            cancellationToken).ConfigureAwait(false);
        var unconfirmed = uids.Where(u => !vanished.Contains(new Uid(u))).ToList();
        if (unconfirmed.Count == 0)
        {
            return uids;
        }

        var left = await OnLaneAsync(() => PresentAsync(Set(unconfirmed), cancellationToken), cancellationToken).ConfigureAwait(false);
        return [.. uids.Where(u => !left.Contains(u))];
    }

    // The UIDs of the set still present; long sets are searched in parts. Each UID asked about is looked
    // up in the answer's ranges, which are never enumerated (ESEARCH ALL 1:4294967295 is 27 bytes).
    private async Task<HashSet<uint>> PresentAsync(UidSet set, CancellationToken cancellationToken)
    {
        // Every part issued before the first is awaited: they are pipelined, and sent within OnLaneAsync.
        var parts = set.Split(MaxSearchSetLength).Select(part => (Part: part, Found: _client.SearchAsync(SearchKey.Uid(part), cancellationToken))).ToList();
        await Task.WhenAll(parts.Select(p => p.Found)).ConfigureAwait(false);
        var present = new HashSet<uint>();
        foreach (var (part, found) in parts)
        {
            var uids = (await found.ConfigureAwait(false)).Uids;
            present.UnionWith(part.Where(u => uids.Contains(u)).Select(u => u.Value));
        }

        return present;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Bodies above the client's <see cref="ImapReaderLimits.InlineLiteralThreshold"/> (use <see cref="ReaderLimits"/>)
    /// come in the connection's pooled memory (<see cref="FetchedMessage.BodyOwner"/>): the receiver releases
    /// each message once its APPEND completed, and the memory then holds later bodies.
    /// </remarks>
    public async IAsyncEnumerable<FetchedMessage> FetchMessagesAsync(IReadOnlyList<uint> uids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        using var spooler = new BodySpooler(SpoolAbove, SpoolPath, _shared.Slabs);
        var request = new FetchRequest { Flags = true, InternalDate = true, BodyItems = [WholeBody], BodySinks = spooler, ObjectIds = Features.ObjectId, GmailMessageId = Features.GmailExtensions };
        var fetches = _client.FetchAsync(Set(uids), request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Task<bool>? first = null;
        try
        {
            // The enumeration's first step sends the UID FETCH: on the lane, in order.
            var more = await OnLaneAsync(() => first = fetches.MoveNextAsync().AsTask(), cancellationToken).ConfigureAwait(false);
            for (; more; more = await WaitingAsync(fetches.MoveNextAsync()).ConfigureAwait(false))
            {
                var fetch = fetches.Current;
                var taken = spooler.Take(fetch.SequenceNumber);
                // A response without the body (an unsolicited flag update routed here too, or a server
                // that left the item out) does not answer for the message: the caller sees it as left out.
                if (fetch.Uid is not { } uid || (taken is null && fetch.GetBody() is null))
                {
                    taken?.Spooled?.Dispose();
                    taken?.Memory.Dispose();
                    continue;
                }

                var body = taken?.Bytes ?? fetch.GetBody()?.Data ?? ReadOnlyMemory<byte>.Empty;
                yield return new FetchedMessage(uid.Value, FlagNames(fetch.Flags), fetch.InternalDate, body) { Spooled = taken?.Spooled, BodyOwner = taken?.Memory, EmailId = EmailIdOf(fetch) };
            }
        }
        finally
        {
            // A failed re-SELECT check (or a timeout) can leave the first step running; an enumerator
            // cannot be disposed during a step, so it is disposed once that step ends.
            await (first is { IsCompleted: false } ? DisposeAfterAsync(first, fetches) : fetches.DisposeAsync().AsTask()).ConfigureAwait(false);
            _shared.AddSpooled(spooler.SpooledCount);
        }
    }

    private static async Task DisposeAfterAsync(Task<bool> step, IAsyncEnumerator<FetchResponse> fetches)
    {
        try
        {
            await step.ConfigureAwait(false);
        }
        catch (Exception) when (step.IsFaulted || step.IsCanceled)
        {
            // The caller already has its own exception; this one ends the same fetch.
        }

        await fetches.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<MessageFingerprint>> FetchFingerprintsAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        // The message's own id rides in the same FETCH where the server has one: no round trip of its own.
        var request = new FetchRequest { Size = true, InternalDate = true, BodyItems = [MessageIdHeader], ObjectIds = Features.ObjectId, GmailMessageId = Features.GmailExtensions };
        var fetched = await OnLaneAsync(() => _client.FetchListAsync(Set(uids), request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return [.. fetched
            .Where(f => f.Uid is not null)
            .Select(f => new MessageFingerprint(
                f.Uid!.Value.Value,
                f.Rfc822Size ?? -1,
                f.InternalDate,
                f.Bodies.FirstOrDefault(b => b.Data is not null)?.Data is { } header ? MessageIdReader.Find(header.Span) : null) { EmailId = EmailIdOf(f) })];
    }

    // EMAILID where the server has OBJECTID, else X-GM-MSGID: one kind per server, so its ids compare.
    private string? EmailIdOf(FetchResponse fetch) =>
        Features.ObjectId ? fetch.EmailId
        : Features.GmailExtensions && fetch.GmailMessageId is { } gmail ? gmail.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : null;

    /// <inheritdoc/>
    public async ValueTask<AppendedUids> AppendAsync(string mailbox, IReadOnlyList<MessageToAppend> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var reads = Writing();
        var toAppend = messages.Select(m => new AppendMessage
        {
            Content = m.Spooled is { } spooled ? ImapLiteral.FromStream(spooled.Rewind(), spooled.Length) : ImapLiteral.FromMemory(m.Body),
            Flags = m.Flags,
            InternalDate = m.InternalDate,
        }).ToList();

        // To the lane's own mailbox, APPEND goes while it is selected, as the servers report the new
        // HIGHESTMODSEQ of the selected mailbox only (see ReportedModSeq).
        Task<Protocol.Client.AppendResult>? issued = null;
        Protocol.Client.AppendResult result;
        try
        {
            // The reads asked to go with it do so only to the lane's mailbox; elsewhere they are asked after.
            result = mailbox == _laneMailbox
                ? await WriteAsync(reads, () => issued = IssueAppendAsync(mailbox, toAppend, cancellationToken), static _ => { }, cancellationToken).ConfigureAwait(false)
                : await (issued = IssueAppendAsync(mailbox, toAppend, cancellationToken)).ConfigureAwait(false);
        }
        catch when (issued is { IsCompleted: false })
        {
            // A failed re-SELECT check returns before the APPEND it was issued with: wait until the client
            // is done with the bodies, which the caller may give back to a pool as soon as this returns.
            await ((Task)issued).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // The client gives UIDs only when they line up one per message; the engine checks them further.
        return result.Uids.Count == 0
            ? new AppendedUids(null, null)
            : new AppendedUids(result.UidValidity?.Value, [.. result.Uids.Select(u => u.Value)]);
    }

    private async Task<Protocol.Client.AppendResult> IssueAppendAsync(string mailbox, List<AppendMessage> toAppend, CancellationToken cancellationToken)
    {
        if (Features.MultiAppend || !_client.Capabilities.MultiAppend)
        {
            // One MULTIAPPEND command, or (server without it) one APPEND per message, pipelined by the client.
            return await Refusable(_client.AppendAsync(Name(mailbox), toAppend, cancellationToken)).ConfigureAwait(false);
        }

        // MULTIAPPEND masked off by configuration: single APPENDs, issued together (pipelined).
        // Their UIDs line up with the messages only when each reply gives one, all of one UIDVALIDITY.
        var single = await Refusable(Task.WhenAll(toAppend.Select(m => _client.AppendAsync(Name(mailbox), m, cancellationToken)))).ConfigureAwait(false);
        return single.All(r => r.Uids.Count == 1 && r.UidValidity == single[0].UidValidity)
            ? new Protocol.Client.AppendResult(single[0].UidValidity, [.. single.Select(r => r.Uids[0])])
            : new Protocol.Client.AppendResult(null, []);
    }

}
