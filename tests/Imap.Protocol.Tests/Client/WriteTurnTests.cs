using Imap.Protocol.Client;

namespace Imap.Protocol.Tests.Client;

public class WriteTurnTests
{
    [Fact]
    public async Task Each_turn_waits_for_the_one_before_it()
    {
        var first = WriteTurn.Over().Next();
        var second = first.Next();
        Assert.True(first.WaitAsync(default).IsCompletedSuccessfully);
        var waiting = second.WaitAsync(default);
        Assert.False(waiting.IsCompleted);
        first.Pass();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_turn_given_up_early_does_not_let_a_later_one_overtake_an_earlier_one()
    {
        var first = WriteTurn.Over().Next();
        var givenUp = first.Next();
        var third = givenUp.Next();
        givenUp.Pass(); // cancelled while the first was still writing
        var waiting = third.WaitAsync(default);
        Assert.False(waiting.IsCompleted);
        first.Pass();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiting_for_a_turn_can_be_cancelled()
    {
        var first = WriteTurn.Over().Next();
        using var cancel = new CancellationTokenSource();
        var waiting = first.Next().WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
