using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// The reads after our own writes: the HIGHESTMODSEQ check (FetchChangesSinceAsync) and the UIDs past
// our APPENDs (FetchUidsAsync). Asked on their own, or sent in the same flight as the pass's last write,
// behind a SELECT of the same mailbox.
public sealed partial class ImapMailServer
{
    private int _writes;                  // writes issued on this lane (OnLaneWriteAsync): a read sent before the latest one is stale
    private CheckBehindWrites? _behind;   // the check sent behind the last write, not yet asked for
    private ListingBehindWrites? _behindListing; // the UID SEARCH sent behind it, not yet asked for
    private ReadsBehindWrite _sendBehind; // what SendChangesSinceWithNextWrite and SendUidsFromWithNextWrite asked for

    /// <inheritdoc/>
    /// <remarks>Only with QRESYNC (its EXPUNGE replies confirm themselves, so nothing else is asked in between).</remarks>
    public void SendChangesSinceWithNextWrite(ulong since) => _sendBehind = _sendBehind with { Since = since };

    /// <inheritdoc/>
    /// <remarks>Only with QRESYNC, as <see cref="SendChangesSinceWithNextWrite"/>.</remarks>
    public void SendUidsFromWithNextWrite(uint from) => _sendBehind = _sendBehind with { ListFrom = from };

    /// <inheritdoc/>
    public async ValueTask<ChangesSince> FetchChangesSinceAsync(ulong since, CancellationToken cancellationToken)
    {
        if (!Features.CondStore)
        {
            throw new InvalidOperationException("CHANGEDSINCE needs CONDSTORE");
        }

        if (TakeCheckBehindWrites(since) is { } sent)
        {
            return await sent.ConfigureAwait(false);
        }

        // Read before anything is sent: each MODSEQ reported so far is that of a change the server had
        // committed before this question reaches it, so the answer covers every change up to it.
        var reported = ReportedModSeq();
        if (reported <= since)
        {
            // Nothing could be learnt (nothing reported past `since`): spare the round trip.
            return new ChangesSince([], UidSet.Empty, reported);
        }

        IssuedCheck check = null!;
        await OnLaneAsync(
            () =>
            {
                check = IssueCheck(since, cancellationToken);
                return check.Answered;
            },
            cancellationToken).ConfigureAwait(false);
        return await check.ResultAsync(reported).ConfigureAwait(false);
    }

    // A write on this lane's mailbox is next: returns what SendChangesSinceWithNextWrite and
    // SendUidsFromWithNextWrite asked to send with it.
    private ReadsBehindWrite Writing()
    {
        var behind = _sendBehind;
        _sendBehind = default;
        return behind;
    }

    // OnLaneAsync for a write on the lane's mailbox: counted as it is issued (under the connection's
    // order lock, so in wire order), which makes reads sent behind an earlier write stale.
    private Task<T> OnLaneWriteAsync<T>(Func<Task<T>> issue, CancellationToken cancellationToken) =>
        OnLaneAsync(
            () =>
            {
                Interlocked.Increment(ref _writes);
                return issue();
            },
            cancellationToken);

    private async Task OnLaneWriteAsync(Func<Task> issue, CancellationToken cancellationToken) =>
        await OnLaneWriteAsync(
            async () =>
            {
                await issue().ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    // The UIDs from `first` on that a UID SEARCH sent behind the last write found, when it asked from
    // `first` or below and no write was issued after it.
    private Task<SearchResult>? TakeListingBehindWrites(uint first)
    {
        var behind = Interlocked.Exchange(ref _behindListing, null);
        if (behind is null)
        {
            return null;
        }

        if (behind.From <= first && behind.Writes == Volatile.Read(ref _writes))
        {
            return behind.Answer;
        }

        Drop(behind.Answer);
        return null;
    }

    // Issued on the lane's turn (within OnLaneAsync). Refusable: a server refusing the check costs the
    // engine the advance, not the run.
    private IssuedCheck IssueCheck(ulong since, CancellationToken cancellationToken)
    {
        var check = new IssuedCheck();
        // 1:* costs what changed since `since` on the wire, whatever the size of the mailbox.
        var request = new FetchRequest
        {
            Flags = true,
            ModSeq = true,
            ChangedSince = new ModSeq(since),
            Vanished = Features.QResync,
            OnVanished = check.AddVanished,
        };
        check.Fetch = Refusable(ChangedFlagsAsync(request, cancellationToken));
        // Without VANISHED: what is still present, asked (pipelined) after the MODSEQ was read too.
        check.Present = Features.QResync ? null : Refusable(_client.SearchAsync(SearchKey.Uid(UidSet.All), cancellationToken));
        return check;
    }

    /// <summary>
    /// Issues <paramref name="write"/> on the lane and, when <paramref name="reads"/> asks for them, the
    /// reads behind it (<see cref="IssueCheckBehindWrites"/>); <paramref name="answered"/> takes the answer
    /// before the SELECT sent behind it replaces the lane's model.
    /// </summary>
    private async Task<T> WriteAsync<T>(ReadsBehindWrite reads, Func<Task<T>> write, Action<T> answered, CancellationToken cancellationToken)
    {
        SentBehindWrite? sent = null;
        T result;
        try
        {
            result = await OnLaneWriteAsync(
                () =>
                {
                    var written = write();
                    sent = IssueCheckBehindWrites(reads, cancellationToken);
                    return written;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch when (sent is { } behind)
        {
            // The lane's model is not that of the SELECT sent behind: its next command selects again.
            behind.Drop();
            Deselected();
            throw;
        }

        answered(result);
        if (sent is { } issued)
        {
            await KeepCheckBehindWritesAsync(issued).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Sends the reads right behind the writes just issued, in their flight (within OnLaneAsync): a
    /// SELECT of the lane's mailbox, then the check and the UID SEARCH asked for. The SELECT is a sequence
    /// point (RFC 3501 section 5.5; the client's pipelining relies on it): the server finishes the writes,
    /// replies included, before it runs it, and runs the reads only after it. So what the writes' replies
    /// report (<see cref="ReportedModSeq"/>, read once they are in and before this SELECT's answer is
    /// taken) was committed before the check ran, and the SEARCH sees every message they added, as when
    /// both are sent after those replies.
    /// </summary>
    private SentBehindWrite? IssueCheckBehindWrites(ReadsBehindWrite reads, CancellationToken cancellationToken)
    {
        if (reads.IsEmpty || !Features.QResync || _laneMailbox is not { } mailbox)
        {
            return null;
        }

        var point = _client.SelectAsync(Name(mailbox), new SelectOptions { CondStore = true }, cancellationToken);
        _shared.SelectedBy = this;
        var check = reads.Since is { } since ? IssueCheck(since, cancellationToken) : null;
        var listing = reads.ListFrom is { } from ? Refusable(_client.SearchAsync(SearchKey.UidFrom(new Uid(from)), cancellationToken)) : null;
        return new SentBehindWrite(reads, Volatile.Read(ref _writes), point, check, listing);
    }

    /// <summary>
    /// Once the writes sent with <see cref="IssueCheckBehindWrites"/> are answered (and the EXPUNGE's
    /// VANISHED taken from the model they ran in): the SELECT becomes the lane's model, as a re-SELECT
    /// does, and the check's answer waits for <see cref="FetchChangesSinceAsync"/>.
    /// </summary>
    private async Task KeepCheckBehindWritesAsync(SentBehindWrite sent)
    {
        var reported = ReportedModSeq();
        var writes = sent.Writes;
        try
        {
            await CheckReselectAsync(sent.Point, Interlocked.Increment(ref _reselects)).ConfigureAwait(false);
        }
        catch (MailServerCommandException)
        {
            // A refused SELECT leaves nothing selected.
            Deselected();
            sent.Drop();
            return;
        }
        catch
        {
            sent.Drop();
            throw;
        }

        if (sent is { Check: { } check, Reads.Since: { } since })
        {
            Task<ChangesSince> answer;
            if (reported <= since)
            {
                Drop(check.Answered);
                answer = Task.FromResult(new ChangesSince([], UidSet.Empty, reported));
            }
            else
            {
                answer = check.ResultAsync(reported);
            }

            _behind = new CheckBehindWrites(since, writes, answer);
        }

        if (sent is { Listing: { } listing, Reads.ListFrom: { } from })
        {
            _behindListing = new ListingBehindWrites(from, writes, listing);
        }
    }

    private void ForgetCheckBehindWrites()
    {
        _sendBehind = default;
        if (Interlocked.Exchange(ref _behind, null) is { } behind)
        {
            Drop(behind.Answer);
        }

        if (Interlocked.Exchange(ref _behindListing, null) is { } listing)
        {
            Drop(listing.Answer);
        }
    }

    // The lane's next command selects its mailbox again.
    private void Deselected()
    {
        lock (_shared.Order)
        {
            if (_shared.SelectedBy == this)
            {
                _shared.SelectedBy = null;
            }
        }
    }

    // The check sent behind the writes when it asked about `since` and no write was issued after it.
    private Task<ChangesSince>? TakeCheckBehindWrites(ulong since)
    {
        var behind = Interlocked.Exchange(ref _behind, null);
        if (behind is null)
        {
            return null;
        }

        if (behind.Since == since && behind.Writes == Volatile.Read(ref _writes))
        {
            return behind.Answer;
        }

        Drop(behind.Answer);
        return null;
    }

    // Each answer is reduced to its change record as it arrives (read by the client without a response
    // object of its own): after a large copy it names every message copied.
    private async Task<List<MessageFlags>> ChangedFlagsAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var changed = new List<MessageFlags>();
        var records = new ChangeRecords();
        // Sent synchronously, on the lane's turn.
        await _client.FetchFlagsAsync(UidSet.All, request, f => changed.Add(records.ToRecord(f)), cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private sealed record CheckBehindWrites(ulong Since, int Writes, Task<ChangesSince> Answer);

    private sealed record ListingBehindWrites(uint From, int Writes, Task<SearchResult> Answer);

    /// <summary>The reads to send behind the next write: the check since a MODSEQ, the UIDs from a UID on.</summary>
    private readonly record struct ReadsBehindWrite(ulong? Since, uint? ListFrom)
    {
        public bool IsEmpty => Since is null && ListFrom is null;
    }

    /// <summary>The SELECT and the reads sent behind a write, when <paramref name="Writes"/> writes had been issued.</summary>
    private sealed record SentBehindWrite(ReadsBehindWrite Reads, int Writes, Task<SelectResult> Point, IssuedCheck? Check, Task<SearchResult>? Listing)
    {
        public void Drop()
        {
            ImapMailServer.Drop(Point);
            ImapMailServer.Drop(Check?.Answered);
            ImapMailServer.Drop(Listing);
        }
    }

    /// <summary>The check's commands in flight.</summary>
    private sealed class IssuedCheck
    {
        private readonly Lock _lock = new();
        private UidSet _vanished = UidSet.Empty;

        public Task<List<MessageFlags>> Fetch { get; set; } = null!;

        public Task<SearchResult>? Present { get; set; }

        public Task Answered => Present is null ? Fetch : Task.WhenAll(Fetch, Present);

        public void AddVanished(UidSet uids)
        {
            lock (_lock)
            {
                _vanished = _vanished.Union(uids);
            }
        }

        public async Task<ChangesSince> ResultAsync(ulong reported)
        {
            var fetched = await Fetch.ConfigureAwait(false);
            UidSet vanished;
            if (Present is not null)
            {
                vanished = AbsentUids.Outside((await Present.ConfigureAwait(false)).Uids);
            }
            else
            {
                lock (_lock)
                {
                    vanished = _vanished;
                }
            }

            return new ChangesSince(fetched, vanished, reported);
        }
    }
}
