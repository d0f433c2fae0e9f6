using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>Refused commands, servers restored from backups, repair, and servers with fewer capabilities (UIDVALIDITY changes: <see cref="UidValidityRecoveryTests"/>).</summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public RecoveryTests()
    {
        _h.Local.Deliver("INBOX", Msg("one"), "\\Seen");
        _h.Local.Deliver("INBOX", Msg("two"));
        _h.Remote.Deliver("INBOX", Msg("three"));
        _h.Local.Deliver("other", Msg("four"));
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_command_refused_by_a_server_skips_that_mailbox_only()
    {
        _h.Local.Deliver("INBOX", Msg("big"));
        // The remote refuses the first APPEND (the INBOX's), e.g. NO [TOOBIG].
        var summary = await _h.RunAsync(e => e.SyncAsync(), null, new RefusingHook("APPEND", 1, "NO [TOOBIG] Message too large"));
        var error = Assert.Single(summary.Errors);
        Assert.Equal("INBOX", error.Mailbox);
        Assert.Contains("TOOBIG", error.Message, StringComparison.Ordinal);
        Assert.Single(_h.Remote["other"].Messages); // the other mailbox went on

        var retry = await _h.SyncAsync();
        Assert.Empty(retry.Errors);
        _h.AssertConverged("INBOX");
    }

    [Fact]
    public async Task A_server_restored_from_backup_gets_its_messages_back_and_the_other_side_loses_nothing()
    {
        await _h.SyncAsync();
        await _h.SyncAsync();
        var backup = _h.Remote["INBOX"].Clone();
        _h.Remote.Deliver("INBOX", "after backup");
        await _h.SyncAsync();
        Assert.Equal(4, _h.Local["INBOX"].Messages.Count);

        // The remote INBOX is restored from the backup, and loses a message the backup also had (a
        // corrupted restore). Neither counts as a deletion.
        _h.Remote.Mailboxes["INBOX"] = backup;
        backup.Messages.Remove(backup.Messages.Keys.First());
        var summary = await _h.SyncAsync();
        Assert.Equal(0, summary.Expunges);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Message.Contains("went backwards", StringComparison.Ordinal));
        await _h.SyncAsync();
        Assert.Equal(4, _h.Local["INBOX"].Messages.Count);
        _h.AssertConverged("INBOX");
    }

    [Fact]
    public async Task Repair_copies_unmapped_messages_and_fixes_missed_flag_updates()
    {
        await _h.SyncAsync();
        await _h.SyncAsync();
        using (var state = Imap.Sync.State.SyncStateStore.Open(_h.DatabasePath))
        {
            var inbox = state.FindMailbox("INBOX")!;
            var lost = state.GetMappings(inbox.Id)[0];
            state.RemoveMappings(inbox.Id, [lost.LocalUid]); // a lost mapping row
        }

        // A flag change that no MODSEQ reports: differs from the record on the local side only.
        var uid = _h.Local.UidOf("INBOX", Msg("two"));
        _h.Local["INBOX"].Messages[uid].Flags.Add("\\Flagged");
        await _h.RepairAsync();
        Assert.Equal(["\\Flagged"], _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", Msg("two"))].Flags);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.MessagesAdopted && e.Message.StartsWith("Adopted 1 message(s)", StringComparison.Ordinal));
        Assert.Equal(3, _h.Local["INBOX"].Messages.Count); // the unmapped pair was paired again, not copied
        Assert.Equal(3, _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count));
        _h.AssertConverged("INBOX");
    }

    [Fact]
    public async Task Repair_deletes_only_on_vanished_evidence_and_copies_back_what_merely_disappeared()
    {
        _h.Local.Deliver("INBOX", Msg("five"));
        await _h.SyncAsync();
        await _h.SyncAsync();
        _h.Local["INBOX"].Expunge(_h.Local.UidOf("INBOX", Msg("one")));            // a real expunge (VANISHED)
        _h.Local["INBOX"].Messages.Remove(_h.Local.UidOf("INBOX", Msg("two")));    // gone without a trace

        var summary = await _h.RepairAsync();
        Assert.Equal(1, summary.Expunges);
        Assert.Contains(_h.Events, e => e.Message.StartsWith("UID ", StringComparison.Ordinal) && e.Message.Contains("disappeared. Redownloading remote", StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Remote.Snapshot("INBOX"), l => l.Contains(">\r\n\r\none", StringComparison.Ordinal) || l.EndsWith("one [\\Seen]", StringComparison.Ordinal));
        Assert.Equal(3, _h.Local["INBOX"].Messages.Count); // two, three, five
        _h.AssertConverged("INBOX");
        var quiet = await _h.SyncAsync();
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.Expunges);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task Servers_without_qresync_or_condstore_sync_in_both_directions(bool qresync, bool condstore)
    {
        var reduced = FakeMailServer.AllFeatures with { QResync = qresync, CondStore = condstore };
        foreach (var (localFeatures, remoteFeatures) in new[] { (reduced, FakeMailServer.AllFeatures), (FakeMailServer.AllFeatures, reduced) })
        {
            using var h = new SyncHarness { LocalFeatures = localFeatures, RemoteFeatures = remoteFeatures };
            h.Local.Deliver("INBOX", "a", "\\Seen");
            h.Remote.Deliver("INBOX", "b");
            await h.SyncAsync();
            h.Local["INBOX"].SetFlags(h.Local.UidOf("INBOX", "b"), ["\\Answered"]);
            h.Remote["INBOX"].Expunge(h.Remote.UidOf("INBOX", "a"));
            h.Remote.Deliver("INBOX", "c");
            await h.SyncAsync();
            Assert.Equal(["b [\\Answered]", "c []"], h.Local.Snapshot("INBOX"));
            h.AssertConverged("INBOX");
            // The fake refuses QRESYNC parameters and CHANGEDSINCE where not offered; the full side used them.
            var (reducedLog, fullLog) = localFeatures == reduced ? (h.LastLocal!.Log, h.LastRemote!.Log) : (h.LastRemote!.Log, h.LastLocal!.Log);
            Assert.DoesNotContain("SELECT QRESYNC", reducedLog);
            Assert.Contains("SELECT QRESYNC", fullLog);
        }
    }

    private static string Msg(string id) => $"Message-ID: <{id}@x>\r\n\r\n{id}";
}
