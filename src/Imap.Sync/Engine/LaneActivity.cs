namespace Imap.Sync.Engine;

/// <summary>
/// Which mailboxes of a wave (see <see cref="LaneWaves"/>) are running their own code (deciding, writing
/// the database) rather than waiting: for a server's reply, for a flight window, at the read barrier.
/// Once none is running, nothing more will join the commands queued in the flight windows, so they go out
/// at once, as one flight per connection, instead of after a timer: the lanes of a wave then stay in
/// step however long their own work takes, and a lane waiting on the other server holds no one back.
/// </summary>
internal sealed class LaneActivity
{
    private static readonly AsyncLocal<Lane?> CurrentLane = new();

    private readonly Lock _lock = new();
    private readonly List<IQuietListener> _listeners = [];
    private int _running;
    private int _bursts; // connections handing out replies: the lanes those wake are not counted yet

    /// <summary>Told each time no lane of the wave is running and no connection is handing out replies.</summary>
    public interface IQuietListener
    {
        /// <summary>
        /// Takes what waited for the wave to go quiet: adds the lanes it lets go to <paramref name="resumed"/>
        /// and returns what lets them go, called once every listener's lanes run again.
        /// </summary>
        Action? TakeOnQuiet(List<Lane> resumed);
    }

    /// <summary>The lane of the calling flow; null outside a wave.</summary>
    public static Lane? Current => CurrentLane.Value;

    /// <summary>True while no lane of the wave is running and no connection is handing out replies.</summary>
    public bool Quiet
    {
        get
        {
            lock (_lock)
            {
                return _running == 0 && _bursts == 0;
            }
        }
    }

    /// <summary>
    /// A connection of the wave starts handing out a burst of replies. The lanes they answer run again
    /// one after the other on its read loop, so the wave is not quiet before the burst ended: otherwise
    /// the first lane woken would find the others still waiting and send its next command alone.
    /// </summary>
    public void BurstStarted()
    {
        lock (_lock)
        {
            _bursts++;
        }
    }

    /// <summary>The connection handed out every reply it had (see <see cref="BurstStarted"/>).</summary>
    public void BurstEnded() => Change(0, -1);

    /// <summary>
    /// A new lane, running until it is disposed. Join every lane of the wave before any starts, so the
    /// first to wait does not find the wave quiet while the others have not started yet.
    /// </summary>
    public Lane Join()
    {
        lock (_lock)
        {
            _running++;
        }

        return new Lane(this);
    }

    /// <summary>Tells <paramref name="listener"/> each time the wave goes quiet (once registered, for the wave's life).</summary>
    public void Watch(IQuietListener listener)
    {
        lock (_lock)
        {
            if (!_listeners.Contains(listener))
            {
                _listeners.Add(listener);
            }
        }
    }

    private void Change(int delta, int bursts = 0)
    {
        IQuietListener[]? quiet = null;
        lock (_lock)
        {
            _running += delta;
            _bursts += bursts;
            if (_running == 0 && _bursts == 0 && (delta < 0 || bursts < 0))
            {
                quiet = [.. _listeners];
            }
        }

        if (quiet is not null)
        {
            Release(quiet);
        }
    }

    /// <summary>
    /// Lets go what waited on <paramref name="listeners"/>, outside any lock (the lanes' continuations run
    /// here). Every lane let go runs again before the first goes on: the wave is not quiet again (which
    /// would send another connection's commands early) until each has issued its next command.
    /// </summary>
    public static void Release(IEnumerable<IQuietListener> listeners)
    {
        var resumed = new List<Lane>();
        var go = listeners.Select(l => l.TakeOnQuiet(resumed)).OfType<Action>().ToList();
        foreach (var lane in resumed)
        {
            lane.Resume();
        }

        foreach (var release in go)
        {
            release();
        }
    }

    /// <summary>One mailbox's flow: running unless it waits for something.</summary>
    public sealed class Lane(LaneActivity wave) : IDisposable
    {
        private readonly Lock _lock = new();
        private int _waits;
        private bool _closed;

        /// <summary>The wave this lane belongs to.</summary>
        public LaneActivity Wave { get; } = wave;

        /// <summary>Makes this the lane of the calling flow and of what it starts (call it inside the lane's async method).</summary>
        public void MakeCurrent() => CurrentLane.Value = this;

        /// <summary>The lane starts waiting for something (waits nest: a lane may wait on both servers at once).</summary>
        public void Wait()
        {
            lock (_lock)
            {
                if (_closed || _waits++ != 0)
                {
                    return;
                }
            }

            Wave.Change(-1);
        }

        /// <summary>What the lane waited for arrived: it runs again, unless it still waits for something else.</summary>
        public void Resume()
        {
            lock (_lock)
            {
                if (_closed || --_waits != 0)
                {
                    return;
                }
            }

            Wave.Change(+1);
        }

        /// <summary>The mailbox is done: it no longer counts, whatever it still had in flight.</summary>
        public void Dispose()
        {
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                _closed = true;
                if (_waits != 0)
                {
                    return;
                }
            }

            Wave.Change(-1);
        }
    }
}
