using Imap.Protocol.Client;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// <see cref="ImapClient.ReplyBursts"/>: replies that arrive together are handed out as one burst, and
/// the commands they answer complete inside it (their continuations run on the read loop), so a caller
/// batching several flows' next commands can wait for the burst to end instead of a timer.
/// </summary>
public sealed class ReplyBurstTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Replies_that_arrive_together_are_one_burst_and_complete_their_commands_inside_it()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange(["NOOP", "NOOP"], ["!raw:{tag0} OK first\r\n{tag1} OK second\r\n"]));
        await using var client = await Connect(server);
        var bursts = new BurstRecorder();
        client.ReplyBursts = bursts;

        var first = client.NoopAsync();
        var second = client.NoopAsync();
        _ = first.ContinueWith(_ => bursts.Note("first answered"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = second.ContinueWith(_ => bursts.Note("second answered"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.WhenAll(first, second).WaitAsync(s_limit);
        await bursts.Ended.Task.WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(["started", "first answered", "second answered", "ended"], bursts.Events);
    }

    [Fact]
    public async Task A_burst_open_when_the_connection_ends_is_ended()
    {
        await using var server = new ScriptedImapServer(Greeting, new Exchange("NOOP", "!close"));
        await using var client = await Connect(server);
        var bursts = new BurstRecorder();
        client.ReplyBursts = bursts;

        await Assert.ThrowsAnyAsync<Exception>(() => client.NoopAsync().WaitAsync(s_limit));
        await bursts.Ended.Task.WaitAsync(s_limit);

        Assert.Equal("ended", bursts.Events[^1]);
        Assert.Equal(bursts.Events.Count(e => e == "started"), bursts.Events.Count(e => e == "ended"));
    }

    private sealed class BurstRecorder : IReplyBurstObserver
    {
        private readonly Lock _lock = new();
        private readonly List<string> _events = [];

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public void Note(string what)
        {
            lock (_lock)
            {
                _events.Add(what);
            }
        }

        public void BurstStarted() => Note("started");

        public void BurstEnded()
        {
            Note("ended");
            Ended.TrySetResult();
        }
    }
}
