using Imap.Sync.Adapters;
using Imap.Sync.Engine;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// Flight windows of lanes in a wave (<see cref="LaneActivity"/>): the queued commands go once no lane of
/// the wave is running, on either connection; a lane waiting on the other server holds no one back. The
/// windows' clock is an hour, so only the wave can release them here.
/// </summary>
public sealed class WaveFlightTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void A_running_lane_holds_the_flight_until_it_waits_too()
    {
        var wave = new LaneActivity();
        var (a, b) = (wave.Join(), wave.Join());
        var (local, remote) = (new FlightWindow(Hour), new FlightWindow(Hour));

        a.MakeCurrent();
        var first = local.EnterAsync(a);
        Assert.False(first.IsCompleted); // b is still deciding what to send

        b.MakeCurrent();
        var second = remote.EnterAsync(b); // now no lane runs: both connections send
        Assert.True(first.IsCompleted);
        Assert.True(second.IsCompleted);
    }

    [Fact]
    public void A_lane_waiting_on_the_other_server_does_not_hold_back_this_one()
    {
        var wave = new LaneActivity();
        var (a, b) = (wave.Join(), wave.Join());
        var (local, remote) = (new FlightWindow(Hour), new FlightWindow(Hour));
        var (aReply, bLocalReply, bRemoteReply) = (new TaskCompletionSource(), new TaskCompletionSource(), new TaskCompletionSource());

        // Both lanes use the local connection; b then waits on the remote one.
        a.MakeCurrent();
        var aSends = local.EnterAsync(a);
        b.MakeCurrent();
        var bSends = local.EnterAsync(b);
        Assert.True(aSends.IsCompleted && bSends.IsCompleted);
        a.MakeCurrent();
        local.Sent(a, aReply.Task);
        b.MakeCurrent();
        local.Sent(b, bLocalReply.Task);
        bLocalReply.SetResult();
        Assert.True(remote.EnterAsync(b).IsCompleted); // a waits for its reply: b alone runs
        remote.Sent(b, bRemoteReply.Task);

        // a's reply is in and it sends again on local, where b has nothing in flight: b is still not
        // running (its remote reply is out), so a goes at once instead of waiting for b.
        aReply.SetResult();
        a.MakeCurrent();
        Assert.True(local.EnterAsync(a).IsCompleted);
        bRemoteReply.SetResult();
    }

    [Fact]
    public void A_lane_that_finishes_releases_the_others()
    {
        var wave = new LaneActivity();
        var (a, b) = (wave.Join(), wave.Join());
        var window = new FlightWindow(Hour);

        a.MakeCurrent();
        var waiting = window.EnterAsync(a);
        Assert.False(waiting.IsCompleted);

        b.Dispose();
        Assert.True(waiting.IsCompleted);
    }

    [Fact]
    public void Everything_queued_when_the_wave_goes_quiet_leaves_together_and_its_lanes_run_again()
    {
        var wave = new LaneActivity();
        var (a, b, c) = (wave.Join(), wave.Join(), wave.Join());
        var (local, remote) = (new FlightWindow(Hour), new FlightWindow(Hour));
        a.MakeCurrent();
        var aLocal = local.EnterAsync(a);
        b.MakeCurrent();
        var bLocal = local.EnterAsync(b);
        c.MakeCurrent();
        var cRemote = remote.EnterAsync(c);
        Assert.True(aLocal.IsCompleted && bLocal.IsCompleted && cRemote.IsCompleted);

        // The three run again: the next flight waits for all of them, on both connections.
        a.MakeCurrent();
        var aRemote = remote.EnterAsync(a);
        b.MakeCurrent();
        var bRemote = remote.EnterAsync(b);
        Assert.False(aRemote.IsCompleted || bRemote.IsCompleted);
        c.MakeCurrent();
        Assert.True(local.EnterAsync(c).IsCompleted);
        Assert.True(aRemote.IsCompleted && bRemote.IsCompleted);
    }

    // Replies to both lanes arrive in one burst; the read loop wakes a first, which queues its next
    // command, before it has handed b its reply. The wave is not quiet until the burst ended, so both go.
    [Fact]
    public void Lanes_woken_by_one_burst_of_replies_send_together()
    {
        var wave = new LaneActivity();
        var (a, b) = (wave.Join(), wave.Join());
        var window = new FlightWindow(Hour);
        var (aReply, bReply) = (new TaskCompletionSource(), new TaskCompletionSource());
        a.MakeCurrent();
        var aFirst = window.EnterAsync(a);
        b.MakeCurrent();
        Assert.True(window.EnterAsync(b).IsCompleted && aFirst.IsCompleted);
        a.MakeCurrent();
        window.Sent(a, aReply.Task);
        b.MakeCurrent();
        window.Sent(b, bReply.Task);

        window.BurstStarted();
        aReply.SetResult();
        a.MakeCurrent();
        var aNext = window.EnterAsync(a);
        Assert.False(aNext.IsCompleted); // without the burst, the wave would be quiet here: b still waits
        bReply.SetResult();
        b.MakeCurrent();
        var bNext = window.EnterAsync(b);
        Assert.False(aNext.IsCompleted || bNext.IsCompleted);
        window.BurstEnded();
        Assert.True(aNext.IsCompleted && bNext.IsCompleted);
    }

    // A lane of the wave that finished on this connection (its mailbox done) is no longer counted, and
    // leaves no count behind that would hold the others' next flights until the clock.
    [Fact]
    public void A_lane_closed_after_its_reply_leaves_the_others_flights_to_the_wave()
    {
        var wave = new LaneActivity();
        var (a, b, c) = (wave.Join(), wave.Join(), wave.Join());
        var window = new FlightWindow(Hour);
        var cReply = new TaskCompletionSource();
        c.MakeCurrent();
        var cSends = window.EnterAsync(c);
        a.MakeCurrent();
        var aSends = window.EnterAsync(a);
        b.MakeCurrent();
        Assert.True(window.EnterAsync(b).IsCompleted && aSends.IsCompleted && cSends.IsCompleted);
        c.MakeCurrent();
        window.Sent(c, cReply.Task);
        cReply.SetResult();
        window.Close(c);
        c.Dispose();

        a.MakeCurrent();
        var aNext = window.EnterAsync(a);
        Assert.False(aNext.IsCompleted); // b still runs
        b.MakeCurrent();
        var bNext = window.EnterAsync(b);
        Assert.True(aNext.IsCompleted && bNext.IsCompleted);
    }
}
