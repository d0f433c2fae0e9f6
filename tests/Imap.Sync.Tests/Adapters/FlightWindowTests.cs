using Imap.Sync.Adapters;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// <see cref="FlightWindow"/>: lanes that are about to send wait for the lanes still working, so their
/// commands leave together; a lane alone never waits, and the wait is bounded.
/// </summary>
public sealed class FlightWindowTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_lane_alone_sends_at_once()
    {
        var window = new FlightWindow();
        var lane = new object();

        Assert.True(window.EnterAsync(lane).IsCompleted);
        window.Sent(lane, Task.CompletedTask);
        Assert.True(window.EnterAsync(lane).IsCompleted);
    }

    [Fact]
    public async Task Lanes_waiting_for_replies_do_not_hold_a_lane_back()
    {
        var window = new FlightWindow();
        var (a, b) = (new object(), new object());
        var reply = new TaskCompletionSource();
        Assert.True(window.EnterAsync(a).IsCompleted);
        window.Sent(a, reply.Task);

        // a waits for its reply: b is the only one working, so it goes at once.
        Assert.True(window.EnterAsync(b).IsCompleted);
        window.Sent(b, Task.CompletedTask);
        reply.SetResult();
        await Task.Yield();
    }

    [Fact]
    public async Task The_last_working_lane_to_send_releases_the_waiting_ones_in_arrival_order()
    {
        var window = new FlightWindow(TimeSpan.FromHours(1)); // only the lanes release, never the clock
        var lanes = Enumerable.Range(0, 3).Select(_ => new object()).ToArray();
        var replies = lanes.Select(_ => new TaskCompletionSource()).ToArray();
        for (var i = 0; i < lanes.Length; i++)
        {
            await window.EnterAsync(lanes[i]);
            window.Sent(lanes[i], replies[i].Task);
        }

        // All three replies arrive; the lanes go back to work and want to send again.
        foreach (var reply in replies)
        {
            reply.SetResult();
        }

        var order = new List<int>();
        var first = window.EnterAsync(lanes[0]).ContinueWith(_ => order.Add(0), TaskContinuationOptions.ExecuteSynchronously);
        var second = window.EnterAsync(lanes[1]).ContinueWith(_ => order.Add(1), TaskContinuationOptions.ExecuteSynchronously);
        Assert.False(first.IsCompleted); // lane 2 is still working
        Assert.False(second.IsCompleted);

        var third = window.EnterAsync(lanes[2]);
        Assert.True(third.IsCompleted);
        await Task.WhenAll(first, second).WaitAsync(Generous);
        Assert.Equal([0, 1], order);
    }

    [Fact]
    public async Task A_lane_that_stays_busy_delays_the_others_only_briefly()
    {
        var window = new FlightWindow();
        var (busy, waiting) = (new object(), new object());
        var reply = new TaskCompletionSource();
        await window.EnterAsync(busy);
        window.Sent(busy, Task.CompletedTask); // busy works on and never sends again
        await window.EnterAsync(waiting);
        window.Sent(waiting, reply.Task);
        reply.SetResult();

        await window.EnterAsync(waiting).WaitAsync(Generous); // released by the bounded wait
    }

    [Fact]
    public async Task Closing_the_last_working_lane_releases_the_waiting_ones()
    {
        var window = new FlightWindow(TimeSpan.FromHours(1)); // only the close releases, never the clock
        var (closing, waiting) = (new object(), new object());
        var (closingReply, waitingReply) = (new TaskCompletionSource(), new TaskCompletionSource());
        Assert.True(window.EnterAsync(closing).IsCompleted);
        window.Sent(closing, closingReply.Task);
        Assert.True(window.EnterAsync(waiting).IsCompleted); // closing waits for its reply
        window.Sent(waiting, waitingReply.Task);
        closingReply.SetResult();
        waitingReply.SetResult();

        var next = window.EnterAsync(waiting);
        Assert.False(next.IsCompleted); // closing is working
        window.Close(closing);
        await next.WaitAsync(Generous);
    }

    [Fact]
    public async Task The_bound_follows_the_shortest_round_trip_between_its_floor_and_ceiling()
    {
        var window = new FlightWindow();
        var lane = new object();
        Assert.Equal(FlightWindow.FirstWait, window.Bound);

        // A reply already in when handed over measures nothing.
        await window.EnterAsync(lane);
        window.Sent(lane, Task.CompletedTask);
        Assert.Equal(FlightWindow.FirstWait, window.Bound);

        // A 60 ms round trip: a quarter of it (at least 15 ms; a loaded machine only lengthens it, up to the ceiling).
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await window.EnterAsync(lane);
        window.Sent(lane, slow.Task);
        await Task.Delay(60);
        slow.SetResult();
        await WaitUntilAsync(() => window.Bound != FlightWindow.FirstWait);
        Assert.InRange(window.Bound, TimeSpan.FromMilliseconds(14), FlightWindow.MaxWait);

        // Replies within microseconds: the shortest wins, and the bound drops to its floor (a few
        // tries, as a loaded machine may preempt the test between sending and answering).
        for (var attempt = 0; attempt < 50 && window.Bound != FlightWindow.MinWait; attempt++)
        {
            var fast = new TaskCompletionSource();
            await window.EnterAsync(lane);
            window.Sent(lane, fast.Task);
            fast.SetResult();
        }

        Assert.Equal(FlightWindow.MinWait, window.Bound);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the bound did not change");
            await Task.Delay(5);
        }
    }
}
