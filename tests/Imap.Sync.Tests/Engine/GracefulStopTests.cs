using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary><see cref="SyncOptions.StopRequested"/>: the mailbox in flight finishes and commits, no other starts.</summary>
public sealed class GracefulStopTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_stop_during_a_mailbox_finishes_it_and_leaves_the_rest_for_the_next_run()
    {
        foreach (var mailbox in new[] { "INBOX", "a", "b", "c" })
        {
            _h.Local.Deliver(mailbox, $"Message-ID: <{mailbox}@x>\r\n\r\nbody of {mailbox}");
        }

        using var stop = new CancellationTokenSource();
        _h.Options = new SyncOptions { StopRequested = stop.Token };
        var summary = await _h.RunAsync(e => e.SyncAsync(), null, new StopOnFirstSelect(stop));

        Assert.Equal(1, summary.MailboxesSynced);
        Assert.True(summary.StoppedEarly);
        Assert.Equal(3, summary.MailboxesNotStarted);
        Assert.Empty(summary.Errors);
        var started = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.MailboxStarted).Mailbox!;
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.MailboxFinished && e.Mailbox == started);
        Assert.Equal(_h.Local.Snapshot(started), _h.Remote.Snapshot(started));
        Assert.Equal(1, summary.MessagesCopiedToRemote);

        // The finished mailbox was committed: the next run copies only the other three, once each.
        _h.Options = new SyncOptions();
        var next = await _h.SyncAsync();
        Assert.False(next.StoppedEarly);
        Assert.Equal(3, next.MessagesCopiedToRemote);
        foreach (var mailbox in new[] { "INBOX", "a", "b", "c" })
        {
            Assert.Single(_h.Remote.Snapshot(mailbox));
        }
    }

    [Fact]
    public async Task Without_a_stop_the_summary_does_not_say_stopped()
    {
        _h.Local.Deliver("a", "one");
        var summary = await _h.SyncAsync();
        Assert.False(summary.StoppedEarly);
        Assert.Equal(0, summary.MailboxesNotStarted);
        Assert.Equal(2, summary.MailboxesSynced);
    }

    private sealed class StopOnFirstSelect(CancellationTokenSource stop) : IOperationHook
    {
        public void Before(string operation)
        {
            if (operation.StartsWith("SELECT", StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }

        public void After(string operation)
        {
        }
    }
}
