namespace Imap.Protocol.Client;

/// <summary>
/// Limits the commands in flight. Entry is first come, first served; a barrier command (SELECT,
/// STARTTLS, IDLE, …) takes every slot, so it runs alone, as RFC 3501 §5.5 asks for commands that
/// change the state others depend on.
/// </summary>
#pragma warning disable CA1001 // SemaphoreSlim needs disposing only when its wait handle is used; waiters may outlive the client.
internal sealed class PipelineGate(int depth)
{
    private readonly SemaphoreSlim _enter = new(1, 1);
    private readonly SemaphoreSlim _slots = new(depth, depth);

    public int Depth { get; } = depth;

    /// <summary>Waits for room; returns how many slots were taken (pass it to <see cref="Exit"/>).</summary>
    public async Task<int> EnterAsync(bool barrier, CancellationToken cancellationToken)
    {
        await _enter.WaitAsync(cancellationToken).ConfigureAwait(false);
        var taken = 0;
        try
        {
            var want = barrier ? Depth : 1;
            for (; taken < want; taken++)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            return taken;
        }
        catch
        {
            if (taken > 0)
            {
                _slots.Release(taken);
            }
            throw;
        }
        finally
        {
            _enter.Release();
        }
    }

    public void Exit(int slots)
    {
        if (slots > 0)
        {
            _slots.Release(slots);
        }
    }
}
#pragma warning restore CA1001
