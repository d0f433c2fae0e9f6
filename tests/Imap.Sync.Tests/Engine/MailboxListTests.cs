using System.Text.RegularExpressions;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>Mailbox list reconciliation (InterIMAP spec §6.2).</summary>
public sealed class MailboxListTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Known_mailbox_missing_on_one_side_stops_the_run_naming_it_and_the_fixes_and_deletes_nothing()
    {
        _h.Local.Deliver("keep/me", "x");
        await _h.SyncAsync();
        _h.Remote.Mailboxes.Remove("keep.me"); // deleted or renamed on the remote
        _h.Local.Deliver("INBOX", "new");

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Contains("keep/me", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--target=database --delete keep/me", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--target=local --delete keep/me", ex.Message, StringComparison.Ordinal);
        Assert.True(_h.Local.Mailboxes.ContainsKey("keep/me"));
        Assert.False(_h.Remote.Mailboxes.ContainsKey("keep.me"));
        Assert.Empty(_h.Remote["INBOX"].Messages); // stopped before any mailbox was synced
    }

    [Fact]
    public async Task Forgetting_it_in_the_database_lets_it_be_recreated()
    {
        _h.Local.Deliver("keep/me", "x");
        await _h.SyncAsync();
        _h.Remote.Mailboxes.Remove("keep.me");
        await _h.RunAsync(e => e.DeleteMailboxesAsync(["keep/me"], SyncTargets.Database), null);
        await _h.SyncAsync();
        Assert.Equal(["x []"], _h.Remote.Snapshot("keep.me"));
    }

    [Fact]
    public async Task Subscriptions_merge_three_ways()
    {
        _h.Local.Create("a");
        _h.Local.Create("b");
        _h.Remote.Create("a");
        _h.Remote.Create("b");
        _h.Local.Subscriptions.Add("a");
        _h.Remote.Subscriptions.Add("b");
        await _h.SyncAsync();
        Assert.Equal(["a", "b"], _h.Local.Subscriptions.Order());
        Assert.Equal(["a", "b"], _h.Remote.Subscriptions.Order());

        _h.Remote.Subscriptions.Remove("a");   // unsubscribed on remote
        _h.Local.Subscriptions.Remove("b");    // unsubscribed on local
        await _h.SyncAsync();
        Assert.Empty(_h.Local.Subscriptions);
        Assert.Empty(_h.Remote.Subscriptions);

        _h.Remote.Subscriptions.Add("b");
        await _h.SyncAsync();
        Assert.Equal(["b"], _h.Local.Subscriptions);
        Assert.True(_h.WithState(s => s.FindMailbox("b")!.Subscribed));
    }

    [Fact]
    public async Task Ignore_mailbox_and_list_mailbox_limit_what_is_synced()
    {
        _h.Local.Deliver("virtual/all", "v");
        _h.Local.Deliver("lists/one", "l");
        _h.Local.Deliver("other", "o");
        _h.Options = new SyncOptions { ListMailbox = ["INBOX", "virtual*", "lists*"], IgnoreMailbox = new Regex("^virtual(?:\\x00|$)") };
        await _h.SyncAsync();
        Assert.True(_h.Remote.Mailboxes.ContainsKey("lists.one"));
        Assert.False(_h.Remote.Mailboxes.ContainsKey("virtual.all"));
        Assert.False(_h.Remote.Mailboxes.ContainsKey("other"));
    }

    [Fact]
    public async Task Command_line_mailboxes_bypass_ignore_mailbox_and_use_the_local_delimiter()
    {
        _h.Local.Deliver("virtual/all", "v");
        _h.Local.Deliver("other", "o");
        _h.Options = new SyncOptions { Mailboxes = ["virtual/all"], IgnoreMailbox = new Regex("^virtual") };
        await _h.SyncAsync();
        Assert.Equal(["v []"], _h.Remote.Snapshot("virtual.all"));
        Assert.False(_h.Remote.Mailboxes.ContainsKey("other"));
    }

    [Fact]
    public async Task List_reference_maps_a_remote_subtree_into_the_local_namespace()
    {
        _h.Remote.Deliver("perso.mail", "p");
        _h.Remote.Deliver("work", "w");
        _h.Options = new SyncOptions { RemoteListReference = "perso." };
        await _h.SyncAsync();
        Assert.Equal(["p []"], _h.Local.Snapshot("mail"));
        Assert.False(_h.Local.Mailboxes.ContainsKey("work"));

        _h.Local.Deliver("new/sub", "n");
        await _h.SyncAsync();
        Assert.Equal(["n []"], _h.Remote.Snapshot("perso.new.sub"));
    }

    [Fact]
    public async Task Select_option_subscribed_lists_only_subscribed_mailboxes()
    {
        _h.Local.Deliver("sub", "s");
        _h.Local.Deliver("unsub", "u");
        _h.Local.Subscriptions.Add("sub");
        _h.Options = new SyncOptions { ListSelectOptions = ["subscribed"] };
        await _h.SyncAsync();
        Assert.True(_h.Remote.Mailboxes.ContainsKey("sub"));
        Assert.False(_h.Remote.Mailboxes.ContainsKey("unsub"));
    }

    [Fact]
    public async Task Flat_and_hierarchical_namespaces_do_not_mix()
    {
        using var h = new SyncHarness(localDelimiter: '/', remoteDelimiter: null);
        h.Local.Deliver("a/b", "x");
        h.Remote.Deliver("c", "y");
        var ex = await Assert.ThrowsAsync<SyncException>(() => h.SyncAsync());
        Assert.Contains("neither both flat nor both hierarchical", ex.Message, StringComparison.Ordinal);
    }
}
