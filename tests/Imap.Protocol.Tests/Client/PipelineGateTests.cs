using Imap.Protocol.Client;

namespace Imap.Protocol.Tests.Client;

public class PipelineGateTests
{
    [Fact]
    public async Task Slots_are_limited_and_handed_out_in_order()
    {
        var gate = new PipelineGate(2);
        Assert.Equal(1, await gate.EnterAsync(false, default));
        Assert.Equal(1, await gate.EnterAsync(false, default));
        var third = gate.EnterAsync(false, default);
        var fourth = gate.EnterAsync(false, default);
        Assert.False(third.IsCompleted);
        gate.Exit(1, resumeInline: true);
        Assert.True(third.IsCompletedSuccessfully);
        Assert.False(fourth.IsCompleted);
        gate.Exit(1, resumeInline: true);
        Assert.True(fourth.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Barrier_waits_for_every_slot_and_blocks_later_commands()
    {
        var gate = new PipelineGate(3);
        await gate.EnterAsync(false, default);
        var barrier = gate.EnterAsync(true, default);
        var later = gate.EnterAsync(false, default);
        Assert.False(barrier.IsCompleted);
        Assert.False(later.IsCompleted);
        gate.Exit(1, resumeInline: true);
        Assert.Equal(3, await barrier);
        Assert.False(later.IsCompleted);
        gate.Exit(3, resumeInline: true);
        Assert.Equal(1, await later);
    }

    [Fact]
    public async Task Cancelled_head_lets_the_next_one_in()
    {
        var gate = new PipelineGate(2);
        await gate.EnterAsync(false, default);
        using var cancel = new CancellationTokenSource();
        var barrier = gate.EnterAsync(true, cancel.Token);
        var small = gate.EnterAsync(false, default);
        Assert.False(small.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => barrier);
        Assert.Equal(1, await small.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Resumed_off_thread_when_not_inline()
    {
        var gate = new PipelineGate(1);
        await gate.EnterAsync(false, default);
        var next = gate.EnterAsync(false, default);
        gate.Exit(1);
        Assert.Equal(1, await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
