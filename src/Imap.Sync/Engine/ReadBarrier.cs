namespace Imap.Sync.Engine;

/// <summary>
/// The account-wide read barrier: every mailbox synchronized together reads its changes on both sides
/// before any of them writes, so a step that needs the whole account's changes in view (a message
/// that left one mailbox and arrived in another is a move) sees them all first. It costs no round
/// trip: the reads of all mailboxes go out in one flight per side anyway.
/// </summary>
/// <param name="participants">The mailboxes synchronized together; each either arrives or leaves once.</param>
/// <param name="allRead">Called once with every arrived mailbox's changes, before any is released to write.</param>
internal sealed class ReadBarrier(int participants, Func<IReadOnlyList<MailboxChanges>, CancellationToken, Task>? allRead)
{
    private readonly Lock _lock = new();
    private readonly HashSet<long> _done = [];
    private readonly List<MailboxChanges> _arrived = [];
    private readonly List<LaneActivity.Lane> _held = [];
    // Continuations run on the releasing thread, one lane after the other up to its first await:
    // every lane's first writes are then issued back to back, in one flight per side.
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.None);
    private int _waiting = participants;

    /// <summary>
    /// The mailbox read its changes: waits until every other one has too (or left). Only the first
    /// arrival of a mailbox counts; a later pass of it (after a UIDVALIDITY recovery) goes straight on.
    /// </summary>
    public Task ArriveAsync(MailboxChanges changes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_done.Add(changes.Plan.Row.Id))
            {
                return Task.CompletedTask;
            }

            _arrived.Add(changes);
            if (LaneActivity.Current is { } lane)
            {
                _held.Add(lane);
            }
        }

        LaneActivity.Current?.Wait();
        CountDown(cancellationToken);
        return _released.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The mailbox is finished (or failed) without arriving: the others no longer wait for it.</summary>
    public void Leave(MailboxPlan plan)
    {
        lock (_lock)
        {
            if (!_done.Add(plan.Row.Id))
            {
                return;
            }
        }

        CountDown(CancellationToken.None);
    }

    private void CountDown(CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _waiting) != 0)
        {
            return;
        }

        if (allRead is null)
        {
            Release(null);
            return;
        }

        List<MailboxChanges> arrived;
        lock (_lock)
        {
            arrived = [.. _arrived];
        }

        _ = ReleaseAfterAsync(allRead, arrived, cancellationToken);
    }

    private async Task ReleaseAfterAsync(Func<IReadOnlyList<MailboxChanges>, CancellationToken, Task> hook, List<MailboxChanges> arrived, CancellationToken cancellationToken)
    {
        try
        {
            await hook(arrived, cancellationToken).ConfigureAwait(false);
            Release(null);
        }
        catch (Exception ex)
        {
            // Every waiting mailbox fails with it: none writes on changes the hook could not look at.
            Release(ex);
        }
    }

    // Every waiting lane runs again before the first goes on, so the flight windows hold their first
    // writes until all have issued theirs (see LaneActivity).
    private void Release(Exception? failure)
    {
        List<LaneActivity.Lane> waiting;
        lock (_lock)
        {
            waiting = [.. _held];
            _held.Clear();
        }

        foreach (var lane in waiting)
        {
            lane.Resume();
        }

        _ = failure is null ? _released.TrySetResult() : _released.TrySetException(failure);
    }
}
