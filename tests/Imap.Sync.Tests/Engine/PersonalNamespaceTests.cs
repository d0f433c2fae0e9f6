using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// <c>personal-namespace</c> against in-memory servers: which prefix each mode uses, what the database
/// records, and the refusals (a changed prefix, yes with a list reference). Real Cyrus is in
/// CyrusNamespaceTests.
/// </summary>
public sealed class PersonalNamespaceTests : IDisposable
{
    private readonly SyncHarness _h = new('/', '.');

    public PersonalNamespaceTests() => _h.Remote.PersonalPrefix = "INBOX.";

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Auto_on_a_new_database_maps_the_prefix_records_it_and_leaves_other_namespaces_alone()
    {
        _h.Local.Deliver("work/2026", "w");
        _h.Remote.Deliver("INBOX.lists", "l");
        _h.Remote.Deliver("user.bob.private", "b");
        await _h.SyncAsync();

        Assert.Equal(["w []"], _h.Remote.Snapshot("INBOX.work.2026"));
        Assert.Equal(["l []"], _h.Local.Snapshot("lists"));
        Assert.DoesNotContain(_h.Local.Mailboxes.Keys, n => n.Contains("bob", StringComparison.Ordinal));
        Assert.Equal(["INBOX", "lists", "work/2026"], _h.Local.Mailboxes.Keys);
        Assert.Equal("INBOX.", _h.WithState(s => s.GetNamespacePrefix(SyncSide.Remote)));
        Assert.Equal("", _h.WithState(s => s.GetNamespacePrefix(SyncSide.Local)));
        Assert.Equal(["INBOX", "lists", "work\0" + "2026"], _h.WithState(s => s.GetMailboxes().Select(m => m.Name).Order(StringComparer.Ordinal).ToList()));
    }

    [Fact]
    public async Task Auto_on_a_database_without_the_record_keeps_names_as_listed_and_records_nothing()
    {
        _h.Options = new SyncOptions { RemotePersonalNamespace = PersonalNamespaceMode.No, LocalPersonalNamespace = PersonalNamespaceMode.No };
        _h.Remote.Deliver("INBOX.lists", "l");
        await _h.SyncAsync(); // an InterIMAP-style database: rows, no record
        Assert.Null(_h.WithState(s => s.GetNamespacePrefix(SyncSide.Remote)));

        _h.Options = new SyncOptions();
        _h.Remote.Deliver("INBOX.lists", "l2");
        _h.Remote.Deliver("INBOX.more", "m");
        await _h.SyncAsync();
        Assert.Equal(["l []", "l2 []"], _h.Local.Snapshot("INBOX/lists"));
        Assert.Equal(["m []"], _h.Local.Snapshot("INBOX/more"));
        Assert.False(_h.Local.Mailboxes.ContainsKey("more"));
        Assert.Null(_h.WithState(s => s.GetNamespacePrefix(SyncSide.Remote)));
        Assert.Null(_h.WithState(s => s.GetNamespacePrefix(SyncSide.Local)));
    }

    [Fact]
    public async Task Yes_on_a_database_without_the_record_is_refused_when_the_server_has_a_prefix()
    {
        _h.Options = new SyncOptions { RemotePersonalNamespace = PersonalNamespaceMode.No };
        _h.Remote.Deliver("INBOX.lists", "l");
        await _h.SyncAsync();

        _h.Options = new SyncOptions { RemotePersonalNamespace = PersonalNamespaceMode.Yes };
        _h.Local.Deliver("INBOX", "new");
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Equal(SyncSide.Remote, ex.Side);
        Assert.Contains("prefix \"\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"INBOX.\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("personal-namespace = no", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Remote["INBOX"].Messages);
        Assert.Null(_h.WithState(s => s.GetNamespacePrefix(SyncSide.Remote)));
    }

    [Fact]
    public async Task A_server_whose_prefix_changed_stops_the_run_before_anything_is_written()
    {
        _h.Remote.Deliver("INBOX.lists", "l");
        await _h.SyncAsync();
        var before = Dump();

        _h.Remote.PersonalPrefix = ""; // reconfigured (e.g. altnamespace turned on)
        _h.Local.Deliver("INBOX", "new");
        _h.Local.Deliver("fresh", "f");
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Equal(SyncSide.Remote, ex.Side);
        Assert.Contains("remote", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"INBOX.\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("restore the remote server's namespace configuration", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Remote["INBOX"].Messages);
        Assert.DoesNotContain(_h.Remote.Mailboxes.Keys, n => n.Contains("fresh", StringComparison.Ordinal));
        Assert.Equal(before, Dump());
    }

    [Fact]
    public async Task Switching_to_no_after_a_prefix_was_recorded_is_refused_with_the_fix()
    {
        _h.Remote.Deliver("INBOX.lists", "l");
        await _h.SyncAsync();
        _h.Options = new SyncOptions { RemotePersonalNamespace = PersonalNamespaceMode.No };
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Contains("remove `personal-namespace = no`", ex.Message, StringComparison.Ordinal);
        Assert.False(_h.Local.Mailboxes.ContainsKey("INBOX/lists"));
    }

    [Fact]
    public async Task Yes_with_a_list_reference_is_a_configuration_error_and_auto_then_means_no()
    {
        _h.Options = new SyncOptions { RemotePersonalNamespace = PersonalNamespaceMode.Yes, RemoteListReference = "INBOX." };
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Contains("list-reference", ex.Message, StringComparison.Ordinal);

        _h.Options = new SyncOptions { RemoteListReference = "INBOX." };
        _h.Remote.Deliver("INBOX.lists", "l");
        await _h.SyncAsync();
        Assert.Equal(["l []"], _h.Local.Snapshot("lists"));
        Assert.Null(_h.WithState(s => s.GetNamespacePrefix(SyncSide.Remote)));
        Assert.Equal("", _h.WithState(s => s.GetNamespacePrefix(SyncSide.Local)));
    }

    [Fact]
    public async Task A_mailbox_named_INBOX_under_the_prefix_stops_the_run_naming_it()
    {
        _h.Remote.Deliver("INBOX.INBOX", "x");
        _h.Local.Deliver("INBOX", "y");
        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Contains("INBOX.INBOX", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Remote["INBOX"].Messages);
        Assert.Empty(_h.WithState(s => s.GetMailboxes()));
    }

    [Fact]
    public async Task Delete_and_rename_take_neutral_names_and_reach_the_prefixed_mailboxes()
    {
        _h.Local.Deliver("old", "o");
        _h.Local.Deliver("old/child", "c");
        _h.Local.Deliver("gone", "g");
        await _h.SyncAsync();
        Assert.True(_h.Remote.Mailboxes.ContainsKey("INBOX.old.child"));

        await _h.RunAsync(e => e.RenameMailboxAsync("old", "new"), null);
        await _h.RunAsync(e => e.DeleteMailboxesAsync(["gone"]), null);
        Assert.Equal(["c []"], _h.Remote.Snapshot("INBOX.new.child"));
        Assert.Equal(["o []"], _h.Remote.Snapshot("INBOX.new"));
        Assert.Equal(["c []"], _h.Local.Snapshot("new/child"));
        Assert.False(_h.Remote.Mailboxes.ContainsKey("INBOX.gone"));
        Assert.False(_h.Local.Mailboxes.ContainsKey("gone"));
        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote);
    }

    // Every row the engine could have written: mailboxes, both sides' state, mappings, the records.
    private List<string> Dump() => _h.WithState(s =>
    {
        var lines = new List<string> { $"prefixes {s.GetNamespacePrefix(SyncSide.Local)}|{s.GetNamespacePrefix(SyncSide.Remote)}" };
        foreach (var m in s.GetMailboxes())
        {
            lines.Add($"{m.Name.Replace('\0', '/')} {m.Subscribed} {s.GetSideStates(m.Id)} {string.Join(',', s.GetMappings(m.Id))}");
        }

        return lines;
    });
}
