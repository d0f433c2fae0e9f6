using Imap.Sync.Ports;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Flags when one server is restored from a backup: its flag lists are what the backup held, not
/// changes, so every flag set since the backup (on either side) must survive on both servers, a flag
/// removed since then comes back (the union), and no message is lost, with --repair at once or after
/// plain runs, whichever change source the restored side offers.
/// </summary>
public sealed class RestoredFlagsTests : IDisposable
{
    private static readonly string[] Expected =
    [
        $"{Msg("e1")} [\\Flagged]", $"{Msg("e2")} [$Repair \\Flagged \\Seen]", $"{Msg("e3")} [$Old \\Seen]",
        $"{Msg("n1")} [$Work \\Answered]", $"{Msg("n2")} [$Label \\Flagged]",
    ];

    private readonly SyncHarness _h = new();

    public static TheoryData<SyncSide, bool, ChangeSourceKind> Cases()
    {
        var cases = new TheoryData<SyncSide, bool, ChangeSourceKind>();
        foreach (var side in new[] { SyncSide.Local, SyncSide.Remote })
        {
            foreach (var repairAtOnce in new[] { true, false })
            {
                foreach (var source in new[] { ChangeSourceKind.QResync, ChangeSourceKind.CondStore, ChangeSourceKind.FullScan })
                {
                    cases.Add(side, repairAtOnce, source);
                }
            }
        }

        return cases;
    }

    public void Dispose() => _h.Dispose();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_flag_set_since_the_backup_ends_on_both_servers(SyncSide restored, bool repairAtOnce, ChangeSourceKind restoredSource)
    {
        var features = restoredSource switch
        {
            ChangeSourceKind.QResync => FakeMailServer.AllFeatures,
            ChangeSourceKind.CondStore => FakeMailServer.AllFeatures with { QResync = false },
            _ => FakeMailServer.AllFeatures with { QResync = false, CondStore = false },
        };
        if (restored == SyncSide.Local)
        {
            _h.LocalFeatures = features;
        }
        else
        {
            _h.RemoteFeatures = features;
        }

        await RestoreAfterChangesAsync(restored);
        _h.Events.Clear();
        if (!repairAtOnce)
        {
            await RunAsync(repair: false);
            await RunAsync(repair: false);
        }

        await RunAsync(repair: true);
        Assert.Equal(Expected, _h.Local.Snapshot("INBOX"));
        Assert.Equal(Expected, _h.Remote.Snapshot("INBOX"));

        // One warning for the mailbox names the restored side and counts the pairs merged.
        var merged = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.FlagConflict);
        Assert.Contains($"as the {restored.Name()} server was restored", merged.Message, StringComparison.Ordinal);
        Assert.Equal(3, merged.Count); // e1, e2, e3; n1 and n2 were copied back with the other side's flags
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Side == restored && e.Message.Contains("flags that differ merged as the union", StringComparison.Ordinal));

        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.FlagUpdates + quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.Expunges);
    }

    [Fact]
    public async Task Repair_sets_the_union_where_neither_side_changed_since_the_stored_highestmodseq_with_one_warning()
    {
        _h.Local.Deliver("INBOX", Msg("a"), "\\Seen");
        _h.Local.Deliver("INBOX", Msg("b"), "\\Seen", "$Label");
        _h.Local.Deliver("INBOX", Msg("c"));
        await _h.SyncAsync();
        await _h.SyncAsync();

        // The servers disagree without any change since the last sync (as #21 could leave them):
        // rewrite the messages' flags behind the engine's back, then the stored HIGHESTMODSEQ past them.
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", Msg("a")), ["\\Answered"]);
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", Msg("b")), ["\\Seen"]);
        var changed = _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", Msg("c"))];
        _h.WithState(s =>
        {
            var id = s.FindMailbox("INBOX")!.Id;
            var (local, remote) = s.GetSideStates(id)!.Value;
            s.CompletePass(id, local with { HighestModSeq = _h.Local["INBOX"].HighestModSeq }, remote with { HighestModSeq = _h.Remote["INBOX"].HighestModSeq });
            return 0;
        });
        _h.Remote["INBOX"].SetFlags(changed.Uid, ["\\Flagged"]); // a real change since: it wins

        _h.Events.Clear();
        var summary = await _h.RepairAsync();
        Assert.Empty(summary.Errors);
        _h.AssertConverged("INBOX");
        Assert.Equal([$"{Msg("a")} [\\Answered \\Seen]", $"{Msg("b")} [$Label \\Seen]", $"{Msg("c")} [\\Flagged]"], _h.Local.Snapshot("INBOX"));
        var missed = Assert.Single(_h.Events, e => e.Kind == SyncEventKind.FlagConflict);
        Assert.Equal(2, missed.Count);
        Assert.Contains("neither side changed them since the last sync", missed.Message, StringComparison.Ordinal);
    }

    // e1..e3 synced; a backup of `restored`; then flags added on both sides, $Old removed on the
    // restored side, and a new message on each side given a flag on the other; all synced; restore.
    private async Task RestoreAfterChangesAsync(SyncSide restored)
    {
        var restoredServer = restored == SyncSide.Local ? _h.Local : _h.Remote;
        var otherServer = restored == SyncSide.Local ? _h.Remote : _h.Local;
        _h.Local.Deliver("INBOX", Msg("e1"));
        _h.Local.Deliver("INBOX", Msg("e2"), "\\Seen");
        _h.Local.Deliver("INBOX", Msg("e3"), "\\Seen", "$Old");
        await RunAsync(repair: false);
        await RunAsync(repair: false);
        var backup = restoredServer["INBOX"].Clone();

        restoredServer["INBOX"].SetFlags(restoredServer.UidOf("INBOX", Msg("e1")), ["\\Flagged"]);
        restoredServer["INBOX"].SetFlags(restoredServer.UidOf("INBOX", Msg("e3")), ["\\Seen"]);
        otherServer["INBOX"].SetFlags(otherServer.UidOf("INBOX", Msg("e2")), ["\\Seen", "$Repair", "\\Flagged"]);
        restoredServer.Deliver("INBOX", Msg("n1"), "\\Answered");
        otherServer.Deliver("INBOX", Msg("n2"), "$Label");
        await RunAsync(repair: false);
        otherServer["INBOX"].SetFlags(otherServer.UidOf("INBOX", Msg("n1")), ["\\Answered", "$Work"]);
        restoredServer["INBOX"].SetFlags(restoredServer.UidOf("INBOX", Msg("n2")), ["$Label", "\\Flagged"]);
        await RunAsync(repair: false);
        Assert.Equal(Expected.Select(l => l.Replace("[$Old \\Seen]", "[\\Seen]", StringComparison.Ordinal)), _h.Local.Snapshot("INBOX"));

        restoredServer.Mailboxes["INBOX"] = backup;
    }

    // After every run: nothing lost, servers and database agree.
    private async Task RunAsync(bool repair)
    {
        var summary = repair ? await _h.RepairAsync() : await _h.SyncAsync();
        Assert.Empty(summary.Errors);
        _h.AssertConverged("INBOX");
        Assert.True(_h.Local["INBOX"].Messages.Count >= 3);
    }

    private static string Msg(string id) => $"Message-ID: <{id}@x>\r\n\r\n{id}";
}
