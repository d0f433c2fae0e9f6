namespace Imap.Sync.Adapters;

/// <summary>
/// Lets the lanes of one connection that woke up on the same flight of replies send their next commands
/// together. Each lane goes on as soon as its own reply is in and then does its own database work, so
/// without this their next commands leave in as many bursts as there are lanes: a round trip each on a
/// slow link. A lane about to send waits while other lanes are still working (open, no command in flight,
/// not waiting here; a lane counts from its first send until it is closed), at most <see cref="MaxWait"/>; then every waiting lane sends, in arrival order, back
/// to back. A lane alone never waits. The wait is bounded, so a lane blocked on something else (the other
/// server, the read barrier) delays the others by at most that.
/// </summary>
/// <param name="maxWait">How long a lane waits at most for the others; <see cref="MaxWait"/> by default.</param>
internal sealed class FlightWindow(TimeSpan? maxWait = null)
{
    /// <summary>Far below one round trip of a slow link, above the few milliseconds a lane's own work takes.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(3);

    private readonly Lock _lock = new();
    private readonly Dictionary<object, Lane> _lanes = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _working;
    private int _generation;

    /// <summary>A lane closed: the others no longer wait for it.</summary>
    public void Close(object lane)
    {
        List<TaskCompletionSource>? release;
        lock (_lock)
        {
            if (!_lanes.Remove(lane, out var state))
            {
                return;
            }

            if (state.Working)
            {
                _working--;
            }

            release = _working == 0 ? TakeAll() : null;
        }

        Release(release);
    }

    /// <summary>
    /// Waits for the lane's turn to send; completes at once when no other lane is working. Turns are
    /// given in arrival order, so a lane's commands keep the order of its calls.
    /// </summary>
    public Task EnterAsync(object lane)
    {
        List<TaskCompletionSource>? release;
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(lane, out var state))
            {
                // Known from its first send on: a lane opened and never used holds no one back.
                _lanes[lane] = state = new Lane();
                _working++;
            }

            Update(state, () => state.Queued++);
            if (_waiting.Count == 0 && _working == 0)
            {
                return Task.CompletedTask;
            }

            // Continuations run on the releasing thread, one lane after the other up to its first
            // await: the released commands are written back to back.
            waiter = new TaskCompletionSource(TaskCreationOptions.None);
            _waiting.Enqueue(waiter);
            if (_working > 0)
            {
                if (_waiting.Count == 1)
                {
                    _ = ReleaseLaterAsync(++_generation);
                }

                return waiter.Task;
            }

            release = TakeAll();
        }

        Release(release);
        return waiter.Task;
    }

    /// <summary>The lane sent what it entered for: <paramref name="sent"/> is in flight until it completes.</summary>
    public void Sent(object lane, Task sent)
    {
        lock (_lock)
        {
            if (!_lanes.TryGetValue(lane, out var state))
            {
                return;
            }

            Update(state, () =>
            {
                state.Queued--;
                state.InFlight++;
            });
        }

        _ = sent.ContinueWith(
            (_, s) => Completed(s!),
            lane,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Completed(object lane)
    {
        lock (_lock)
        {
            if (_lanes.TryGetValue(lane, out var state))
            {
                Update(state, () => state.InFlight--);
            }
        }
    }

    private void Update(Lane state, Action change)
    {
        var before = state.Working;
        change();
        _working += (state.Working ? 1 : 0) - (before ? 1 : 0);
    }

    private async Task ReleaseLaterAsync(int generation)
    {
        await Task.Delay(maxWait ?? MaxWait).ConfigureAwait(false);
        List<TaskCompletionSource>? release;
        lock (_lock)
        {
            release = generation == _generation ? TakeAll() : null;
        }

        Release(release);
    }

    private List<TaskCompletionSource>? TakeAll()
    {
        if (_waiting.Count == 0)
        {
            return null;
        }

        _generation++;
        var all = _waiting.ToList();
        _waiting.Clear();
        return all;
    }

    private static void Release(List<TaskCompletionSource>? waiters)
    {
        foreach (var waiter in waiters ?? [])
        {
            waiter.TrySetResult();
        }
    }

    private sealed class Lane
    {
        public int Queued { get; set; }

        public int InFlight { get; set; }

        public bool Working => Queued == 0 && InFlight == 0;
    }
}
