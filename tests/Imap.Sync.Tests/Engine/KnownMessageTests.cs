using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>Flags and expunges of mapped messages, for each change source.</summary>
public sealed class KnownMessageTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public KnownMessageTests()
    {
        _h.Local.Deliver("INBOX", "one");
        _h.Local.Deliver("INBOX", "two", "\\Seen");
        _h.Remote.Deliver("INBOX", "three");
        _h.Remote.Deliver("INBOX", "four", "$Work");
    }

    public static TheoryData<ChangeSourceKind> Sources => [ChangeSourceKind.QResync, ChangeSourceKind.CondStore, ChangeSourceKind.FullScan];

    public void Dispose() => _h.Dispose();

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Flag_changes_on_either_side_propagate(ChangeSourceKind source)
    {
        await SettleAsync(source);
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", "three"), ["\\Seen", "\\Answered"]);
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", "two"), []);
        var summary = await _h.SyncAsync();
        Assert.Equal(2, summary.FlagUpdates);
        Assert.Equal(0, summary.Conflicts);
        Assert.Equal(["\\Answered", "\\Seen"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", "three")].Flags);
        Assert.Empty(_h.Local["INBOX"].Messages[_h.Local.UidOf("INBOX", "two")].Flags);
        _h.AssertConverged("INBOX");

        var again = await _h.SyncAsync();
        Assert.Equal(0, again.FlagUpdates);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Flags_changed_on_both_sides_become_the_union_with_a_warning(ChangeSourceKind source)
    {
        await SettleAsync(source);
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", "one"), ["\\Seen"]);
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", "one"), ["\\Flagged"]);
        var summary = await _h.SyncAsync();
        Assert.Equal(1, summary.Conflicts);
        Assert.Equal(["\\Flagged", "\\Seen"], _h.Local["INBOX"].Messages[_h.Local.UidOf("INBOX", "one")].Flags);
        Assert.Equal(["\\Flagged", "\\Seen"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", "one")].Flags);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.FlagConflict && e.Message.Contains("union (\\Flagged \\Seen)", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Expunges_propagate_and_deleted_beats_changed(ChangeSourceKind source)
    {
        await SettleAsync(source);
        _h.Local["INBOX"].Expunge(_h.Local.UidOf("INBOX", "one"));
        _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", "four"));
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", "four"), ["\\Flagged"]); // changed here, deleted there
        var summary = await _h.SyncAsync();
        Assert.Equal(2, summary.Expunges);
        Assert.Equal(["three []", "two [\\Seen]"], _h.Local.Snapshot("INBOX"));
        _h.AssertConverged("INBOX");
        Assert.Equal(2, _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count));
        var again = await _h.SyncAsync();
        Assert.Equal(0, again.Expunges + again.FlagUpdates + again.MessagesCopiedToLocal + again.MessagesCopiedToRemote);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Expunged_on_both_sides_just_drops_the_mapping(ChangeSourceKind source)
    {
        await SettleAsync(source);
        _h.Local["INBOX"].Expunge(_h.Local.UidOf("INBOX", "two"));
        _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", "two"));
        var summary = await _h.SyncAsync();
        Assert.Equal(0, summary.Expunges);
        Assert.Equal(3, _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count));
        _h.AssertConverged("INBOX");
    }

    [Fact]
    public async Task A_store_racing_with_another_client_is_reread_not_overwritten()
    {
        await SettleAsync(ChangeSourceKind.QResync);
        var remoteUid = _h.Remote.UidOf("INBOX", "three");
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", "three"), ["\\Seen"]);
        // Another client changes the remote copy after our SELECT: our UNCHANGEDSINCE STORE must fail.
        var tripwire = new RaceInjector(() => _h.Remote["INBOX"].SetFlags(remoteUid, ["\\Flagged"]));
        await _h.RunAsync(e => e.SyncAsync(), null, tripwire);
        Assert.Equal(["\\Flagged", "\\Seen"], _h.Remote["INBOX"].Messages[remoteUid].Flags); // both changes kept (union)
        await _h.SyncAsync();
        _h.AssertConverged("INBOX");
        Assert.Contains(_h.Events, e => e.Message.Contains("Couldn't update flags", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keywords_the_target_cannot_store_are_reported_and_not_fatal()
    {
        _h.Remote["INBOX"].PermanentFlags = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"];
        _h.Local.Deliver("INBOX", "five", "$Private", "\\Seen");
        var summary = await _h.SyncAsync();
        Assert.Empty(summary.Errors);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Message.Contains("$Private", StringComparison.Ordinal));
        Assert.Equal(5, _h.Remote["INBOX"].Messages.Count);
        Assert.Equal(["\\Seen"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", "five")].Flags);

        // Later changes still flow, the keyword is not lost locally, and nothing loops.
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", "five"), ["\\Seen", "\\Flagged"]);
        await _h.SyncAsync();
        Assert.Equal(["$Private", "\\Flagged", "\\Seen"], _h.Local["INBOX"].Messages[_h.Local.UidOf("INBOX", "five")].Flags);
        await _h.SyncAsync();
        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.FlagUpdates);
        Assert.Equal(0, quiet.MailboxesSynced);
    }

    private async Task SettleAsync(ChangeSourceKind source)
    {
        _h.Options = new SyncOptions { MaxChangeSource = source };
        await _h.SyncAsync();
        await _h.SyncAsync();
        _h.AssertConverged("INBOX");
        Assert.Equal(4, _h.Local["INBOX"].Messages.Count);
    }
}
