namespace Imap.Protocol.Client;

/// <summary>
/// Limits the commands in flight. Entry is strictly first come, first served; a barrier command
/// (STARTTLS, COMPRESS, AUTHENTICATE, IDLE, …) takes every slot, so it runs alone. SELECT is no
/// barrier: the server serializes around it (RFC 3501 §5.5) and the read loop routes its data by
/// selection epoch. When a reply frees a slot, the next waiting command can be resumed right on the
/// read loop, so it is written without a thread-pool hop. The order of writing is kept by
/// <see cref="WriteTurn"/>, not here.
/// </summary>
internal sealed class PipelineGate(int depth)
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiters = new();
    private int _free = depth;

    public int Depth { get; } = depth;

    /// <summary>Waits for room; returns how many slots were taken (pass it to <see cref="Exit"/>).</summary>
    public Task<int> EnterAsync(bool barrier, CancellationToken cancellationToken)
    {
        var want = barrier ? Depth : 1;
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _free >= want)
            {
                _free -= want;
                return Task.FromResult(want);
            }
            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(want);
            _waiters.Enqueue(waiter);
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        }
        return waiter.Task;
    }

    /// <summary>
    /// Gives slots back. With <paramref name="resumeInline"/> the next waiter continues on this thread
    /// (used by the read loop); otherwise it is resumed on the thread pool.
    /// </summary>
    public void Exit(int slots, bool resumeInline = false)
    {
        if (slots <= 0)
        {
            return;
        }
        lock (_lock)
        {
            _free += slots;
        }
        Drain(resumeInline);
    }

    /// <summary>Hands free slots to waiters at the head of the queue, skipping cancelled ones.</summary>
    private void Drain(bool resumeInline)
    {
        List<Waiter>? ready = null;
        lock (_lock)
        {
            while (_waiters.TryPeek(out var next) && (next.Cancelled || _free >= next.Want))
            {
                _waiters.Dequeue();
                if (next.Cancelled)
                {
                    continue;
                }
                _free -= next.Want;
                (ready ??= []).Add(next);
            }
        }
        if (ready is null)
        {
            return;
        }
        foreach (var waiter in ready)
        {
            if (resumeInline)
            {
                Grant(waiter);
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(w => Grant(w), waiter, preferLocal: false);
            }
        }
    }

    private void Grant(Waiter waiter)
    {
        waiter.Registration.Dispose();
        if (!waiter.TrySetResult())
        {
            // Cancelled at the same moment: the slots go back.
            Exit(waiter.Want);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            waiter.Cancelled = true;
        }
        waiter.TrySetCanceled(cancellationToken);
        // A cancelled head may have been holding back others that fit in the free slots.
        Drain(resumeInline: false);
    }

    private sealed class Waiter(int want)
    {
        // No RunContinuationsAsynchronously: see Exit.
        private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.None);

        public int Want { get; } = want;
        public bool Cancelled { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
        public Task<int> Task => _completion.Task;

        public bool TrySetResult() => _completion.TrySetResult(Want);

        public void TrySetCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
    }
}
