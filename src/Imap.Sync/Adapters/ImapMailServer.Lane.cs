using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Sync.Engine;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

// One lane of a shared connection: message operations apply to the mailbox of this lane's SelectAsync,
// whichever mailbox other lanes selected since. Before a lane's command, if the pipeline's last SELECT
// was another lane's, the lane's mailbox is selected again, issued right before the command with no
// await in between (SharedConnection.Order is held only while issuing: the client writes commands in call order).
public sealed partial class ImapMailServer
{
    private string? _laneMailbox;       // wire name of this lane's last SelectAsync
    private uint _laneValidity;          // the UIDVALIDITY that SelectAsync saw
    private Protocol.Client.SelectedMailbox? _selected;  // the model of this lane's latest SELECT (its own or a re-SELECT)
    private bool _modSeqUnusable;        // an earlier SELECT of this pass saw NOMODSEQ or a negative MODSEQ
    private int _reselects;              // numbers the re-SELECTs, so only the latest one's model is kept

    /// <summary>
    /// SELECT for this lane: issued in order with the other lanes' commands. With <paramref name="listFrom"/>,
    /// <c>UID SEARCH UID n:*</c> follows it in the same flight; its task is returned beside the SELECT's
    /// result (faulted when refused) and has to be awaited or dropped by the caller.
    /// </summary>
    private async Task<(SelectResult Result, Task<SearchResult>? Listing)> SelectOnLaneAsync(
        string mailbox, SelectOptions options, uint? listFrom, CancellationToken cancellationToken)
    {
        await EnterWindowAsync().ConfigureAwait(false);
        Task<SelectResult>? select = null;
        Task<SearchResult>? listing = null;
        try
        {
            lock (_shared.Order)
            {
                select = _client.SelectAsync(Name(mailbox), options, cancellationToken);
                _shared.SelectedBy = this;
                if (listFrom is { } from)
                {
                    listing = _client.SearchAsync(SearchKey.UidFrom(new Uid(from)), cancellationToken);
                }
            }
        }
        finally
        {
            LeaveWindow(select);
        }

        try
        {
            var result = await select.ConfigureAwait(false);
            _laneMailbox = mailbox;
            _selected = result.Mailbox;
            _modSeqUnusable = false;
            Interlocked.Increment(ref _reselects);
            ForgetCheckBehindWrites(); // asked about the mailbox selected before
            return (result, listing);
        }
        catch (Exception) when (select.IsFaulted || select.IsCanceled)
        {
            _laneMailbox = null; // a failed SELECT leaves nothing selected
            _selected = null;
            Drop(listing);
            throw;
        }
    }

    // A pipelined command whose answer is no longer wanted: its failure is observed, not thrown.
    private static void Drop(Task? command) =>
        command?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// Issues this lane's commands (<paramref name="issue"/> must send them before its first await) on its
    /// mailbox, selecting it again first when another lane's SELECT came since; returns their result
    /// once that re-SELECT is checked.
    /// </summary>
    private async Task<T> OnLaneAsync<T>(Func<Task<T>> issue, CancellationToken cancellationToken)
    {
        await EnterWindowAsync().ConfigureAwait(false);
        Task<SelectResult>? reselect = null;
        var epoch = 0;
        Task<T>? commands = null;
        try
        {
            commands = IssueInOrder(issue, cancellationToken, out reselect, out epoch);
        }
        finally
        {
            LeaveWindow(commands);
        }

        if (reselect is not null)
        {
            try
            {
                await CheckReselectAsync(reselect, epoch).ConfigureAwait(false);
            }
            catch
            {
                Drop(commands);
                throw;
            }
        }

        return await commands.ConfigureAwait(false);
    }

    // Under the connection's order lock: the lane's re-SELECT when another lane selected since, then its commands.
    private Task<T> IssueInOrder<T>(Func<Task<T>> issue, CancellationToken cancellationToken, out Task<SelectResult>? reselect, out int epoch)
    {
        reselect = null;
        epoch = 0;
        lock (_shared.Order)
        {
            if (_laneMailbox is { } mailbox && _shared.SelectedBy != this)
            {
                // Plain CONDSTORE SELECT: the changes were read by the lane's first SELECT. It cannot
                // be made conditional on UIDVALIDITY (IMAP has no such SELECT, and UID commands carry
                // none), so the commands pipelined behind it run before its reply can be checked: if
                // the mailbox was deleted and recreated since the lane's first SELECT (one flight ago),
                // they act on the new one, and CheckReselectAsync stops the mailbox with nothing recorded.
                reselect = _client.SelectAsync(Name(mailbox), new SelectOptions { CondStore = Features.CondStore }, cancellationToken);
                epoch = Interlocked.Increment(ref _reselects);
                _shared.SelectedBy = this;
            }

            return issue();
        }
    }

    // Lanes only: the connection's own calls (listing, creating, APPEND elsewhere) are not held back.
    private Task EnterWindowAsync() => _isLane ? _shared.Window.EnterAsync(this) : Task.CompletedTask;

    private void LeaveWindow(Task? sent)
    {
        if (_isLane)
        {
            _shared.Window.Sent(this, sent ?? Task.CompletedTask);
        }
    }

    // A wait no flight window sees (the next message of a body stream): the lane's wave is told, so the
    // others' flights do not wait for this lane meanwhile.
    private static async ValueTask<T> WaitingAsync<T>(ValueTask<T> step)
    {
        if (step.IsCompleted || LaneActivity.Current is not { } lane)
        {
            return await step.ConfigureAwait(false);
        }

        lane.Wait();
        try
        {
            return await step.ConfigureAwait(false);
        }
        finally
        {
            lane.Resume();
        }
    }

    private async Task OnLaneAsync(Func<Task> issue, CancellationToken cancellationToken) =>
        await OnLaneAsync(
            async () =>
            {
                await issue().ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    private async Task CheckReselectAsync(Task<SelectResult> reselect, int epoch)
    {
        var result = await Refusable(reselect).ConfigureAwait(false);
        var live = result.Mailbox;
        if (live.UidValidity?.Value != _laneValidity)
        {
            throw new MailboxReplacedException(
                $"{_laneMailbox} was selected again with UIDVALIDITY {live.UidValidity?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} "
                + $"instead of {_laneValidity}: it was deleted and recreated during this run. Nothing is recorded for it; the next run recovers from the UIDVALIDITY change.");
        }

        if (Volatile.Read(ref _reselects) != epoch)
        {
            return; // a later re-SELECT (or SelectAsync) of this lane holds the current model
        }

        // What the replaced model reported stays reported (see ReportedModSeq).
        if (_selected is { } old)
        {
            _modSeqUnusable |= old.NoModSeq;
            if (old is { NoModSeq: false, HighestModSeq: { } h })
            {
                NoteModSeq(h.Value);
            }
        }

        _selected = live;
    }

    /// <summary>Leaves the selected mailbox (UNSELECT), in order with the lanes' commands.</summary>
    private async Task UnselectInOrderAsync(CancellationToken cancellationToken)
    {
        Task unselect;
        lock (_shared.Order)
        {
            unselect = _client.UnselectAsync(cancellationToken);
            _shared.SelectedBy = null;
        }

        await unselect.ConfigureAwait(false);
    }
}
