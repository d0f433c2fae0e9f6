using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>The events a progress display needs to show totals: the mailbox plan and each mailbox's copies.</summary>
public sealed class ProgressEventTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Planned_counts_the_mailboxes_to_synchronize_before_the_first_starts()
    {
        _h.Local.Deliver("INBOX", "Message-ID: <a@x>\r\n\r\none");
        _h.Local.Deliver("work", "Message-ID: <b@x>\r\n\r\ntwo");
        _h.Remote.Deliver("archive", "Message-ID: <c@x>\r\n\r\nthree");

        await _h.SyncAsync();

        var planned = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.Planned);
        Assert.Equal(3, planned.Count);
        Assert.True(_h.Events.IndexOf(planned) < _h.Events.FindIndex(e => e.Kind == SyncEventKind.MailboxStarted));
        Assert.Equal(planned.Count, _h.Events.Count(e => e.Kind == SyncEventKind.MailboxFinished));
    }

    [Fact]
    public async Task Planned_leaves_out_unchanged_mailboxes()
    {
        _h.Local.Deliver("INBOX", "a");
        _h.Local.Deliver("work", "b");
        await _h.SyncAsync();
        await _h.SyncAsync(); // settles HIGHESTMODSEQ after our own APPENDs
        _h.Remote.Deliver("work", "c");
        _h.Events.Clear();

        await _h.SyncAsync();

        Assert.Equal(1, Assert.Single(_h.Events, e => e.Kind == SyncEventKind.Planned).Count);
    }

    [Fact]
    public async Task CopyPlanned_announces_each_direction_with_its_bytes_before_the_copies()
    {
        _h.Local.Deliver("INBOX", "Message-ID: <a@x>\r\n\r\none");
        _h.Local.Deliver("INBOX", "Message-ID: <b@x>\r\n\r\ntwo!");
        _h.Remote.Deliver("INBOX", "Message-ID: <c@x>\r\n\r\nthree");

        var summary = await _h.SyncAsync();

        var toRemote = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.CopyPlanned && e.Side == SyncSide.Remote);
        var toLocal = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.CopyPlanned && e.Side == SyncSide.Local);
        Assert.Equal(2, toRemote.Count);
        Assert.Equal(1, toLocal.Count);
        Assert.Equal("INBOX", toRemote.Mailbox);
        Assert.Equal(summary.BytesCopied, toRemote.Bytes + toLocal.Bytes);
        Assert.Equal(
            _h.Events.Where(e => e.Kind == SyncEventKind.MessagesCopied && e.Side == SyncSide.Remote).Sum(e => e.Bytes),
            toRemote.Bytes);
        Assert.True(_h.Events.IndexOf(toRemote) < _h.Events.FindIndex(e => e.Kind == SyncEventKind.MessagesCopied && e.Side == SyncSide.Remote));
    }
}
