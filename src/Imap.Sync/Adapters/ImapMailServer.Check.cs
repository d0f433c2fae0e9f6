using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// The HIGHESTMODSEQ check after our own writes (FetchChangesSinceAsync): asked on its own, or sent in
// the same flight as the pass's last write, behind a SELECT of the same mailbox.
public sealed partial class ImapMailServer
{
    private int _writes;                  // writes issued on this lane: a check sent before the latest one is stale
    private CheckBehindWrites? _behind;   // the check sent behind the last write, not yet asked for
    private ulong? _sendCheckSince;       // SendChangesSinceWithNextWrite's, for the next write

    /// <inheritdoc/>
    /// <remarks>Only with QRESYNC (its EXPUNGE replies confirm themselves, so nothing else is asked in between).</remarks>
    public void SendChangesSinceWithNextWrite(ulong since) => _sendCheckSince = since;

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

    // A write on this lane's mailbox is about to be issued: a check sent before it no longer answers.
    // Returns what SendChangesSinceWithNextWrite asked to send with it.
    private ulong? Writing()
    {
        Interlocked.Increment(ref _writes);
        var since = _sendCheckSince;
        _sendCheckSince = null;
        return since;
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
    /// Issues <paramref name="write"/> on the lane and, when <paramref name="checkSince"/> is set, the check
    /// behind it (<see cref="IssueCheckBehindWrites"/>); <paramref name="answered"/> takes the answer
    /// before the SELECT sent behind it replaces the lane's model.
    /// </summary>
    private async Task<T> WriteAsync<T>(ulong? checkSince, Func<Task<T>> write, Action<T> answered, CancellationToken cancellationToken)
    {
        (Task<SelectResult> Point, IssuedCheck Check)? sent = null;
        T result;
        try
        {
            result = await OnLaneAsync(
                () =>
                {
                    var written = write();
                    sent = IssueCheckBehindWrites(checkSince, cancellationToken);
                    return written;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch when (sent is { } check)
        {
            // The lane's model is not that of the SELECT sent behind: its next command selects again.
            Drop(check.Point);
            Drop(check.Check.Answered);
            Deselected();
            throw;
        }

        answered(result);
        if (sent is { } behind && checkSince is { } since)
        {
            await KeepCheckBehindWritesAsync(behind, since).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Sends the check right behind the writes just issued, in their flight (within OnLaneAsync): a
    /// SELECT of the lane's mailbox, then the check. The SELECT is a sequence point (RFC 3501 section
    /// 5.5; the client's pipelining relies on it): the server finishes the writes, replies included,
    /// before it runs it, and runs the check only after it. So what the writes' replies report
    /// (<see cref="ReportedModSeq"/>, read once they are in and before this SELECT's answer is taken) was
    /// committed before the check ran, as when the check is sent after those replies.
    /// </summary>
    private (Task<SelectResult> Point, IssuedCheck Check)? IssueCheckBehindWrites(ulong? since, CancellationToken cancellationToken)
    {
        if (since is not { } s || !Features.QResync || _laneMailbox is not { } mailbox)
        {
            return null;
        }

        var point = _client.SelectAsync(Name(mailbox), new SelectOptions { CondStore = true }, cancellationToken);
        _shared.SelectedBy = this;
        return (point, IssueCheck(s, cancellationToken));
    }

    /// <summary>
    /// Once the writes sent with <see cref="IssueCheckBehindWrites"/> are answered (and the EXPUNGE's
    /// VANISHED taken from the model they ran in): the SELECT becomes the lane's model, as a re-SELECT
    /// does, and the check's answer waits for <see cref="FetchChangesSinceAsync"/>.
    /// </summary>
    private async Task KeepCheckBehindWritesAsync((Task<SelectResult> Point, IssuedCheck Check) sent, ulong since)
    {
        var reported = ReportedModSeq();
        var writes = Volatile.Read(ref _writes);
        try
        {
            await CheckReselectAsync(sent.Point, Interlocked.Increment(ref _reselects)).ConfigureAwait(false);
        }
        catch (MailServerCommandException)
        {
            // A refused SELECT leaves nothing selected.
            Deselected();
            Drop(sent.Check.Answered);
            return;
        }
        catch
        {
            Drop(sent.Check.Answered);
            throw;
        }

        Task<ChangesSince> answer;
        if (reported <= since)
        {
            Drop(sent.Check.Answered);
            answer = Task.FromResult(new ChangesSince([], UidSet.Empty, reported));
        }
        else
        {
            answer = sent.Check.ResultAsync(reported);
        }

        _behind = new CheckBehindWrites(since, writes, answer);
    }

    private void ForgetCheckBehindWrites()
    {
        _sendCheckSince = null;
        if (Interlocked.Exchange(ref _behind, null) is { } behind)
        {
            Drop(behind.Answer);
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
