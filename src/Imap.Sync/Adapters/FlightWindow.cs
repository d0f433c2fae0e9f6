using System.Diagnostics;
using Imap.Protocol.Client;
using Imap.Sync.Engine;

namespace Imap.Sync.Adapters;

/// <summary>
/// Lets the lanes of one connection that woke up on the same flight of replies send their next commands
/// together. Each lane goes on as soon as its own reply is in and then does its own database work, so
/// without this their next commands leave in as many bursts as there are lanes: a round trip each on a
/// slow link. A lane about to send waits while other lanes are still working (open, no command in flight,
/// not waiting here; a lane counts from its first send until it is closed), for a bounded time; then every waiting lane sends, in arrival order, back
/// to back. A lane alone never waits. The wait is bounded, so a lane blocked on something else (the other
/// server, the read barrier) delays the others by at most that. Lanes of a wave (<see cref="LaneActivity"/>)
/// are counted by the wave instead, across both servers and the read barrier: they wait until no lane of
/// the wave runs and no connection is still handing out a burst of replies (the lanes those wake run one
/// after the other on its read loop), and then every window sends at once (bounded by <see cref="WaveBound"/>).
/// </summary>
/// <remarks>
/// The bound follows the link: a quarter of the shortest round trip seen on this connection (from a send
/// to its reply; the shortest is the one least inflated by queueing), between <see cref="MinWait"/> and
/// <see cref="MaxWait"/>, and <see cref="FirstWait"/> before any reply. A missed flight costs a round trip,
/// so on a slow link it is worth waiting longer for a lane busy with its own work (a machine under load
/// takes more than a few milliseconds for it); on loopback, where a round trip is cheaper than the wait,
/// the wait shrinks to the floor.
/// </remarks>
/// <param name="maxWait">A fixed bound instead of the adaptive one (tests).</param>
internal sealed class FlightWindow(TimeSpan? maxWait = null) : LaneActivity.IQuietListener, IReplyBurstObserver
{
    /// <summary>The bound before any round trip was measured.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(3);

    /// <summary>The least bound: about what a lane's own work between two commands takes.</summary>
    public static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    /// <summary>The greatest bound, reached from an 80 ms round trip on.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(20);

    private readonly Lock _lock = new();
    private readonly Dictionary<object, Lane> _lanes = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<(TaskCompletionSource Turn, LaneActivity.Lane? Activity)> _waiting = new();
    private LaneActivity? _wave;
    private LaneActivity? _burstWave; // the wave told of the burst being handed out; read loop only
    private int _working;
    private int _generation;
    private long _shortestRoundTrip = long.MaxValue; // Stopwatch ticks

    /// <summary>How long a lane now waits at most for the others (see the remarks).</summary>
    public TimeSpan Bound => FromRoundTrip(ticks => ticks / 4, MaxWait);

    /// <summary>
    /// How long lanes of a wave wait at most: about four round trips, up to 160 ms. The wave says when no
    /// lane is running, so this bound only covers what it does not see (a lane held up by the database
    /// or by a thread pool busy with the other lanes: a wave of 64 mailboxes committing their state one
    /// after the other takes longer than a round trip on a loaded machine, and a missed flight costs one).
    /// </summary>
    public TimeSpan WaveBound => FromRoundTrip(ticks => ticks * 4, MaxWait * 8);

    private TimeSpan FromRoundTrip(Func<long, long> scale, TimeSpan max)
    {
        if (maxWait is { } fixedBound)
        {
            return fixedBound;
        }

        var shortest = Interlocked.Read(ref _shortestRoundTrip);
        return shortest == long.MaxValue
            ? FirstWait
            : TimeSpan.FromTicks(Math.Clamp(scale(Stopwatch.GetElapsedTime(0, shortest).Ticks), MinWait.Ticks, max.Ticks));
    }

    /// <summary>A lane closed: the others no longer wait for it.</summary>
    public void Close(object lane)
    {
        lock (_lock)
        {
            if (!_lanes.Remove(lane, out var state))
            {
                return;
            }

            // Only lanes outside a wave are counted here (see Update); a wave counts its own.
            if (state.Activity is null && state.Working)
            {
                _working--;
            }
        }

        OnQuiet();
    }

    /// <summary>
    /// Waits for the lane's turn to send; completes at once when no other lane is working. Turns are
    /// given in arrival order, so a lane's commands keep the order of its calls.
    /// </summary>
    public Task EnterAsync(object lane)
    {
        var activity = LaneActivity.Current;
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(lane, out var state))
            {
                // Known from its first send on: a lane opened and never used holds no one back. A lane
                // of a wave is counted by the wave, across both servers and the read barrier.
                _lanes[lane] = state = new Lane(activity);
                if (activity is null)
                {
                    _working++;
                }
                else if (_wave != activity.Wave)
                {
                    _wave = activity.Wave;
                    _wave.Watch(this);
                }
            }

            Update(state, () => state.Queued++);
            if (_waiting.Count == 0 && activity is null && _working == 0)
            {
                return Task.CompletedTask;
            }

            // Continuations run on the releasing thread, one lane after the other up to its first
            // await: the released commands are written back to back.
            waiter = new TaskCompletionSource(TaskCreationOptions.None);
            _waiting.Enqueue((waiter, activity));
            if (_waiting.Count == 1)
            {
                _ = ReleaseLaterAsync(++_generation, activity is null ? Bound : WaveBound);
            }
        }

        // Waiting here may make the wave quiet, which releases this window (OnQuiet).
        activity?.Wait();
        OnQuiet();
        return waiter.Task;
    }

    /// <inheritdoc/>
    public Action? TakeOnQuiet(List<LaneActivity.Lane> resumed)
    {
        List<(TaskCompletionSource Turn, LaneActivity.Lane? Activity)>? release;
        lock (_lock)
        {
            release = _working == 0 ? TakeAll() : null;
        }

        if (release is null)
        {
            return null;
        }

        resumed.AddRange(release.Select(w => w.Activity).OfType<LaneActivity.Lane>());
        return () =>
        {
            foreach (var (turn, _) in release)
            {
                turn.TrySetResult();
            }
        };
    }

    // Sends what waits once no lane is working (the wave's lanes: none running).
    private void OnQuiet()
    {
        List<(TaskCompletionSource, LaneActivity.Lane?)>? release;
        lock (_lock)
        {
            release = _working == 0 && _wave is not { Quiet: false } ? TakeAll() : null;
        }

        Release(release);
    }

    /// <summary>The connection's read loop starts handing out replies: the wave is not quiet meanwhile.</summary>
    public void BurstStarted()
    {
        lock (_lock)
        {
            _burstWave = _wave;
        }

        _burstWave?.BurstStarted();
    }

    /// <summary>The read loop handed out every reply it had.</summary>
    public void BurstEnded()
    {
        var wave = _burstWave;
        _burstWave = null;
        wave?.BurstEnded();
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

        // A command answered before it was handed over (or never sent) says nothing about the link.
        var since = sent.IsCompleted ? 0 : Stopwatch.GetTimestamp();
        var activity = sent.IsCompleted ? null : LaneActivity.Current;
        activity?.Wait();

        _ = sent.ContinueWith(
            (_, s) =>
            {
                activity?.Resume(); // before the lane's own continuation: it runs from here on
                Completed(s!, since);
            },
            lane,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Completed(object lane, long since)
    {
        if (since != 0)
        {
            var roundTrip = Stopwatch.GetTimestamp() - since;
            for (var shortest = Interlocked.Read(ref _shortestRoundTrip); roundTrip < shortest;)
            {
                var seen = Interlocked.CompareExchange(ref _shortestRoundTrip, roundTrip, shortest);
                shortest = seen == shortest ? roundTrip : seen;
            }
        }

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
        if (state.Activity is null)
        {
            _working += (state.Working ? 1 : 0) - (before ? 1 : 0);
        }
    }

    private async Task ReleaseLaterAsync(int generation, TimeSpan bound)
    {
        await Task.Delay(bound).ConfigureAwait(false);
        List<(TaskCompletionSource, LaneActivity.Lane?)>? release;
        lock (_lock)
        {
            release = generation == _generation ? TakeAll() : null;
        }

        Release(release);
    }

    private List<(TaskCompletionSource, LaneActivity.Lane?)>? TakeAll()
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

    private static void Release(List<(TaskCompletionSource Turn, LaneActivity.Lane? Activity)>? waiters)
    {
        if (waiters is null)
        {
            return;
        }

        // As LaneActivity.Release: every released lane runs again before the first of them goes on.
        foreach (var (_, activity) in waiters)
        {
            activity?.Resume();
        }

        foreach (var (turn, _) in waiters)
        {
            turn.TrySetResult();
        }
    }

    private sealed class Lane(LaneActivity.Lane? activity)
    {
        public LaneActivity.Lane? Activity { get; } = activity;

        public int Queued { get; set; }

        public int InFlight { get; set; }

        public bool Working => Queued == 0 && InFlight == 0;
    }
}
