using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>delete and rename with their targets (InterIMAP spec §6.10, §6.11).</summary>
public sealed class MailboxCommandTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public MailboxCommandTests()
    {
        _h.Local.Deliver("a", "x");
        _h.Local.Deliver("a/b", "y");
        _h.Local.Deliver("keep", "z");
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Delete_is_not_recursive_and_applies_to_each_target()
    {
        await _h.SyncAsync();
        await _h.RunAsync(e => e.DeleteMailboxesAsync(["a/b"], SyncTargets.Local | SyncTargets.Database), null);
        Assert.False(_h.Local.Mailboxes.ContainsKey("a/b"));
        Assert.True(_h.Local.Mailboxes.ContainsKey("a"));
        Assert.True(_h.Remote.Mailboxes.ContainsKey("a.b"));
        Assert.Null(_h.WithState(s => s.FindMailbox("a\0b")));

        // It is then new again on the remote and comes back to the local side.
        await _h.SyncAsync();
        Assert.Equal(["y []"], _h.Local.Snapshot("a/b"));
    }

    [Fact]
    public async Task Inbox_cannot_be_deleted()
    {
        await _h.SyncAsync();
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.RunAsync(e => e.DeleteMailboxesAsync(["inbox"]), null));
        Assert.Contains("INBOX can't be deleted", ex.Message, StringComparison.Ordinal);
        Assert.True(_h.Local.Mailboxes.ContainsKey("INBOX"));
    }

    [Fact]
    public async Task Rename_moves_inferiors_everywhere_and_the_next_sync_is_quiet()
    {
        await _h.SyncAsync();
        await _h.RunAsync(e => e.RenameMailboxAsync("a", "renamed/a"), null);
        Assert.Equal(["INBOX", "keep", "renamed/a", "renamed/a/b"], _h.Local.Mailboxes.Keys);
        Assert.Equal(["INBOX", "keep", "renamed.a", "renamed.a.b"], _h.Remote.Mailboxes.Keys);
        Assert.NotNull(_h.WithState(s => s.FindMailbox("renamed\0a\0b")));
        var summary = await _h.SyncAsync();
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Equal(["y []"], _h.Remote.Snapshot("renamed.a.b"));
    }

    [Fact]
    public async Task Rename_is_refused_when_the_destination_exists()
    {
        await _h.SyncAsync();
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.RunAsync(e => e.RenameMailboxAsync("a", "keep"), null));
        Assert.Contains("Mailbox keep exists", ex.Message, StringComparison.Ordinal);
        Assert.True(_h.Local.Mailboxes.ContainsKey("a"));
    }
}
