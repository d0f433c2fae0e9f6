using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// <see cref="SyncOptions.StopRequested"/>: honoured at safe points only, before a mailbox's first write and
/// between two committed copy batches; what is left is finished by the next run, nothing copied twice.
/// </summary>
public sealed class GracefulStopTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stop_while_reading_writes_nothing_and_leaves_every_mailbox_for_the_next_run(bool lanes)
    {
        foreach (var mailbox in new[] { "INBOX", "a", "b", "c" })
        {
            _h.Local.Deliver(mailbox, $"Message-ID: <{mailbox}@x>\r\n\r\nbody of {mailbox}");
        }

        _h.Lanes = lanes;
        using var stop = new CancellationTokenSource();
        _h.Options = new SyncOptions { StopRequested = stop.Token };
        var summary = await _h.RunAsync(e => e.SyncAsync(), null, new StopOn("SELECT", stop, after: false));

        Assert.True(summary.StoppedEarly);
        Assert.Equal(4, summary.MailboxesNotStarted);
        Assert.Equal(0, summary.MailboxesSynced);
        Assert.Equal(0, summary.MessagesCopiedToRemote);
        Assert.Empty(summary.Errors);
        Assert.DoesNotContain(_h.Events, e => e.Kind == SyncEventKind.MailboxFinished);

        // The next run copies all four, once each.
        _h.Options = new SyncOptions();
        var next = await _h.SyncAsync();
        Assert.False(next.StoppedEarly);
        Assert.Equal(4, next.MessagesCopiedToRemote);
        foreach (var mailbox in new[] { "INBOX", "a", "b", "c" })
        {
            Assert.Single(_h.Remote.Snapshot(mailbox));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stop_during_a_copy_keeps_the_committed_batches_and_the_next_run_copies_only_the_rest(bool lanes)
    {
        for (var i = 0; i < 6; i++)
        {
            _h.Local.Deliver("INBOX", $"Message-ID: <m{i}@x>\r\n\r\nbody {i}");
        }

        _h.Lanes = lanes;
        using var stop = new CancellationTokenSource();
        _h.Options = new SyncOptions { StopRequested = stop.Token, AppendBatchMaxMessages = 1 };
        var summary = await _h.RunAsync(e => e.SyncAsync(), null, new StopOn("APPEND", stop, after: true));

        Assert.True(summary.StoppedEarly);
        Assert.Empty(summary.Errors);
        var copied = _h.Remote.Snapshot("INBOX").Count;
        Assert.InRange(copied, 1, 5);
        Assert.Equal(copied, summary.MessagesCopiedToRemote);

        _h.Options = new SyncOptions();
        var next = await _h.SyncAsync();
        Assert.False(next.StoppedEarly);
        Assert.Equal(6 - copied, next.MessagesCopiedToRemote);
        Assert.Equal(6, _h.Remote.Snapshot("INBOX").Count);
        _h.AssertConverged();
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

    private sealed class StopOn(string operation, CancellationTokenSource stop, bool after) : IOperationHook
    {
        public void Before(string name)
        {
            if (!after && name.StartsWith(operation, StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }

        public void After(string name)
        {
            if (after && name.StartsWith(operation, StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }
    }
}
