using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// After a pass that wrote to a side, its stored HIGHESTMODSEQ moves past our own writes (so the next run
/// selects nothing), but never past someone else's change, whenever it happened during the pass.
/// </summary>
public sealed class ModSeqAdvanceTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public ModSeqAdvanceTests()
    {
        _h.Local.Deliver("INBOX", "l1", "\\Seen");
        _h.Local.Deliver("INBOX", "l2");
        _h.Local.Deliver("INBOX", "l3", "$Label");
        _h.Remote.Deliver("INBOX", "r1", "\\Flagged");
        _h.Remote.Deliver("INBOX", "r2");
        _h.Remote.Deliver("INBOX", "r3");
        _h.Remote.Deliver("INBOX", "r5");
        _h.Local.Deliver("a/b", "nested");
    }

    public static TheoryData<bool> QResync => [true, false];

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task The_run_after_the_first_copy_selects_nothing()
    {
        await _h.SyncAsync();
        var before = Snapshots();

        var next = await _h.SyncAsync();
        Assert.Equal(0, Selects());
        Assert.Equal(2, next.MailboxesUnchanged);
        Assert.Equal(before, Snapshots());
        AssertStoredModSeqsAreTheServers();
    }

    [Fact]
    public async Task The_run_after_copies_flags_and_expunges_both_ways_selects_nothing()
    {
        await SettleAsync();
        ChangeBothSides();
        var writing = await _h.SyncAsync();
        Assert.Equal(2, writing.MessagesCopiedToLocal + writing.MessagesCopiedToRemote);
        Assert.Equal(2, writing.FlagUpdates);
        Assert.Equal(2, writing.Expunges);
        var before = Snapshots();

        var next = await _h.SyncAsync();
        Assert.Equal(0, Selects());
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.FlagUpdates + next.Expunges);
        Assert.Equal(before, Snapshots());
        AssertStoredModSeqsAreTheServers();
    }

    // Between our SELECT and our first write another client changes a message we do not touch, on the
    // side we then write to: our writes get higher MODSEQs. Advancing past them without looking would lose it.
    [Theory]
    [MemberData(nameof(QResync))]
    public async Task A_flag_change_made_before_our_writes_still_reaches_the_other_side(bool qresync)
    {
        await WriteWhileAnotherClientChangesAsync(qresync, () => _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", "r3"), ["\\Answered"]));

        await _h.SyncAsync();
        Assert.Equal(["\\Answered"], _h.Local["INBOX"].Messages[_h.Local.UidOf("INBOX", "r3")].Flags);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    [Theory]
    [MemberData(nameof(QResync))]
    public async Task An_expunge_made_before_our_writes_still_reaches_the_other_side(bool qresync)
    {
        await WriteWhileAnotherClientChangesAsync(qresync, () => _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", "r3")));

        await _h.SyncAsync();
        Assert.DoesNotContain(_h.Local.Snapshot("INBOX"), l => l.StartsWith("r3 ", StringComparison.Ordinal));
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    // The check asks for every change since the SELECT (1:*), so it also sees messages no pair covers:
    // one another client delivers while we write is left to UIDNEXT, copied by the next run.
    [Theory]
    [MemberData(nameof(QResync))]
    public async Task A_message_delivered_while_we_write_is_copied_by_the_next_run(bool qresync)
    {
        await WriteWhileAnotherClientChangesAsync(qresync, () => _h.Remote.Deliver("INBOX", "r9", "\\Flagged"));
        Assert.Contains("FETCH CHANGES", _h.LastRemote!.Log);

        var next = await _h.SyncAsync();
        Assert.Equal(1, next.MessagesCopiedToLocal);
        Assert.Contains(_h.Local.Snapshot("INBOX"), l => l.StartsWith("r9 ", StringComparison.Ordinal));
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    // Changes landing while we check (just before the question, or right after its answer) are after
    // the MODSEQs the server reported for our writes: the next run sees them.
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task A_change_racing_with_the_check_still_reaches_the_other_side(bool qresync, bool afterReply)
    {
        UseQResync(qresync);
        await SettleAsync();
        ChangeBothSides();
        var l1 = _h.Local.UidOf("INBOX", "l1");
        var r2 = _h.Remote.UidOf("INBOX", "r2");
        var injector = new ChangeInjector(
            ["FETCH CHANGES"],
            () =>
            {
                _h.Local["INBOX"].SetFlags(l1, ["\\Draft"]);
                _h.Remote["INBOX"].Expunge(r2);
            },
            afterReply);
        using (var state = SyncStateStore.Open(_h.DatabasePath))
        {
            // Hooked around the fake so the change can also land after the answer.
            var engine = new SyncEngine(
                state,
                new HookedMailServer(new FakeMailServer(_h.Local, _h.LocalFeatures), injector),
                new HookedMailServer(new FakeMailServer(_h.Remote, _h.RemoteFeatures), injector),
                _h.Options);
            await engine.SyncAsync();
        }

        Assert.True(injector.Fired);
        await _h.SyncAsync();
        Assert.Equal(["\\Draft"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", "l1")].Flags);
        Assert.DoesNotContain(_h.Local.Snapshot("INBOX"), l => l.StartsWith("r2 ", StringComparison.Ordinal));
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    // With CONDSTORE alone the server tells no HIGHESTMODSEQ after APPEND or EXPUNGE, only our STOREs'
    // MODSEQs: the stored value can pass those, not the others, so the mailbox is selected again.
    [Fact]
    public async Task With_condstore_alone_a_side_advances_only_past_what_the_server_told()
    {
        UseQResync(false);
        await SettleAsync();
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", "l2"), ["$Todo"]);
        await _h.SyncAsync(); // STOREs on the local side only
        Assert.Equal(0, await SelectsOfNextRunAsync());

        ChangeBothSides();
        await _h.SyncAsync(); // APPENDs and expunges too: INBOX is selected again on both sides
        Assert.Equal(2, await SelectsOfNextRunAsync());
    }

    [Fact]
    public async Task A_refused_check_keeps_the_select_value_and_the_pass_succeeds()
    {
        await SettleAsync();
        ChangeBothSides();
        var writing = await _h.RunAsync(e => e.SyncAsync(), null, new RefusingHook("FETCH CHANGES", 1, "BAD Unknown FETCH modifier"));
        Assert.Empty(writing.Errors);
        Assert.Equal(2, writing.Expunges);
        Assert.Equal(2, await SelectsOfNextRunAsync()); // the refused side is selected again, on both sides
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
    }

    [Fact]
    public async Task Without_condstore_nothing_is_asked_and_the_select_value_is_kept()
    {
        _h.LocalFeatures = FakeMailServer.AllFeatures with { QResync = false, CondStore = false };
        await SettleAsync();
        ChangeBothSides();
        await _h.SyncAsync();
        Assert.DoesNotContain("FETCH CHANGES", _h.LastLocal!.Log);
        Assert.Contains("FETCH CHANGES", _h.LastRemote!.Log);
        var next = await _h.SyncAsync();
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.FlagUpdates + next.Expunges);
    }

    private void UseQResync(bool qresync)
    {
        if (!qresync)
        {
            _h.LocalFeatures = FakeMailServer.AllFeatures with { QResync = false };
            _h.RemoteFeatures = FakeMailServer.AllFeatures with { QResync = false };
        }
    }

    // A pass that copies, STOREs and expunges both ways, with another client's change landing just
    // before the first of our writes on a side.
    private async Task WriteWhileAnotherClientChangesAsync(bool qresync, Action change)
    {
        UseQResync(qresync);
        await SettleAsync();
        ChangeBothSides();
        await _h.RunAsync(e => e.SyncAsync(), null, new ChangeInjector(ChangeInjector.Writes, change));
    }

    private async Task SettleAsync()
    {
        await _h.SyncAsync();
        await _h.SyncAsync();
    }

    // Each side: a new message, a flag change and an expunge, so the pass copies, STOREs and expunges both ways.
    private void ChangeBothSides()
    {
        _h.Local.Deliver("INBOX", "l4");
        _h.Remote.Deliver("INBOX", "r4", "\\Seen");
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", "r1"), ["\\Seen"]);
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", "l2"), ["$Todo"]);
        _h.Local["INBOX"].Expunge(_h.Local.UidOf("INBOX", "l3"));
        _h.Remote["INBOX"].Expunge(_h.Remote.UidOf("INBOX", "r5"));
    }

    private async Task<int> SelectsOfNextRunAsync()
    {
        var before = Snapshots();
        var next = await _h.SyncAsync();
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote + next.FlagUpdates + next.Expunges);
        Assert.Equal(before, Snapshots());
        return Selects();
    }

    private int Selects() => _h.LastLocal!.Log.Concat(_h.LastRemote!.Log).Count(op => op.StartsWith("SELECT", StringComparison.Ordinal));

    private List<string> Snapshots() => [.. _h.Local.Mailboxes.Keys.SelectMany(_h.Local.Snapshot), .. _h.Remote.Mailboxes.Keys.SelectMany(_h.Remote.Snapshot)];

    private void AssertStoredModSeqsAreTheServers() =>
        _h.WithState(state =>
        {
            foreach (var row in state.GetMailboxes())
            {
                var (local, remote) = state.GetSideStates(row.Id)!.Value;
                Assert.Equal(_h.Local[row.Name.Replace('\0', '/')].HighestModSeq, local.HighestModSeq);
                Assert.Equal(_h.Remote[row.Name.Replace('\0', '.')].HighestModSeq, remote.HighestModSeq);
            }

            return true;
        });
}
