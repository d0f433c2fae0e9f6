using System.Text.RegularExpressions;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A mailbox renamed by another client on one server is renamed on the other (children included), in
/// the database, and then synchronized; anything doubtful stops the run with exit 4 as before.
/// </summary>
public sealed class RenameReplayTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public RenameReplayTests()
    {
        _h.Local.Deliver("work", "w1");
        _h.Local.Deliver("work", "w2", "\\Seen");
        _h.Local.Deliver("work/projects", "p1");
        _h.Local.Deliver("keep", "k");
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_parent_renamed_on_remote_is_renamed_on_local_with_its_child_and_nothing_is_copied()
    {
        await _h.SyncAsync();
        _h.Remote.Rename("work", "job");
        var localWork = _h.Local["work"];

        var summary = await _h.SyncAsync();

        Assert.Equal(["INBOX", "job", "job/projects", "keep"], _h.Local.Mailboxes.Keys);
        Assert.Equal(["INBOX", "job", "job.projects", "keep"], _h.Remote.Mailboxes.Keys);
        Assert.Same(localWork, _h.Local["job"]); // renamed, not recreated
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        Assert.Equal(0, summary.Expunges);
        Assert.Empty(summary.Errors);
        Assert.Single(_h.LastLocal!.Log, op => op == "RENAME"); // one RENAME of the parent
        Assert.Equal(["job", "job\0projects"], _h.WithState(s => s.GetMailboxes().Select(m => m.Name).Where(n => n.StartsWith("job", StringComparison.Ordinal)).ToList()));
        Assert.Null(_h.WithState(s => s.FindMailbox("work")));
        Assert.Empty(_h.WithState(s => s.GetRenameIntents()));
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.MailboxRenamed && e.Side == SyncSide.Local && e.Message == "Renamed mailbox work to job (renamed on remote by another client)");
        _h.AssertConverged();
    }

    [Fact]
    public async Task New_mail_on_either_side_during_the_interval_still_syncs_under_the_new_name()
    {
        await _h.SyncAsync();
        _h.Local.Rename("work", "archive/2024/work");
        _h.Local.Deliver("archive/2024/work", "after rename, local");
        _h.Remote.Deliver("work", "before replay, remote");
        _h.Remote["work"].SetFlags(_h.Remote.UidOf("work", "w1"), ["\\Flagged"]);

        var summary = await _h.SyncAsync();

        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        Assert.False(_h.Remote.Mailboxes.ContainsKey("work"));
        Assert.Equal(["after rename, local []", "before replay, remote []", "w1 [\\Flagged]", "w2 [\\Seen]"], _h.Remote.Snapshot("archive.2024.work"));
        Assert.Equal(_h.Remote.Snapshot("archive.2024.work"), _h.Local.Snapshot("archive/2024/work"));
        Assert.Equal(["p1 []"], _h.Remote.Snapshot("archive.2024.work.projects"));
        _h.AssertConverged();
    }

    [Fact]
    public async Task Renamed_the_same_way_on_both_sides_only_the_database_follows()
    {
        await _h.SyncAsync();
        _h.Local.Rename("work", "job");
        _h.Remote.Rename("work", "job");

        var summary = await _h.SyncAsync();

        Assert.DoesNotContain("RENAME", _h.LastLocal!.Log);
        Assert.DoesNotContain("RENAME", _h.LastRemote!.Log);
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote + summary.MessagesAdopted);
        Assert.NotNull(_h.WithState(s => s.FindMailbox("job\0projects")));
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.MailboxRenamed && e.Side is null);
        _h.AssertConverged();
    }

    [Fact]
    public async Task Renamed_differently_on_each_side_stops_naming_both_names_and_changes_nothing()
    {
        await _h.SyncAsync();
        _h.Local.Rename("work", "job");
        _h.Remote.Rename("work", "career");

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());

        Assert.Contains("Mailbox work was renamed to job on local and to career on remote", ex.Message, StringComparison.Ordinal);
        Assert.Contains("`imapsync --target=remote --rename career job`", ex.Message, StringComparison.Ordinal);
        Assert.Contains("`imapsync --target=database --rename work job`", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["INBOX", "job", "job/projects", "keep"], _h.Local.Mailboxes.Keys);
        Assert.Equal(["INBOX", "career", "career.projects", "keep"], _h.Remote.Mailboxes.Keys);
        Assert.NotNull(_h.WithState(s => s.FindMailbox("work")));

        // The suggested commands settle it; the next run is then a plain sync.
        await _h.RunAsync(e => e.RenameMailboxAsync("career", "job", SyncTargets.Remote), null);
        await _h.RunAsync(e => e.RenameMailboxAsync("work", "job", SyncTargets.Database), null);
        var summary = await _h.SyncAsync();
        Assert.Equal(0, summary.MessagesCopiedToLocal + summary.MessagesCopiedToRemote);
        _h.AssertConverged();
    }

    [Fact]
    public async Task Two_mailboxes_holding_its_messages_stop_the_run_naming_both()
    {
        await _h.SyncAsync();
        _h.Remote.Rename("work", "job");
        _h.Remote.Mailboxes["job-copy"] = _h.Remote["job"].Clone(); // same UIDVALIDITY and UIDs

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());

        Assert.Contains("Mailbox work is gone from remote, where job and job-copy each hold its messages", ex.Message, StringComparison.Ordinal);
        Assert.Contains("`imapsync --target=local --target=database --rename work job`", ex.Message, StringComparison.Ordinal);
        Assert.True(_h.Local.Mailboxes.ContainsKey("work"));
        Assert.DoesNotContain("RENAME", _h.LastLocal!.Log);
    }

    [Fact]
    public async Task A_new_mailbox_with_another_uidvalidity_or_without_the_messages_is_no_rename()
    {
        await _h.SyncAsync();
        _h.Remote.Mailboxes.Remove("keep");
        _h.Remote.Deliver("unrelated", "u"); // deleted, and some other mailbox created

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Contains("Mailbox keep exists on local only, but the database knows it", ex.Message, StringComparison.Ordinal);

        // Same UIDVALIDITY and UIDNEXT, but the mapped message is gone: not certain enough either.
        _h.Remote.Mailboxes.Remove("unrelated");
        var lookalike = new FakeMailbox(_h.WithState(s => s.GetSideStates(s.FindMailbox("keep")!.Id)!.Value.Remote.UidValidity));
        lookalike.Add("other"u8.ToArray(), []);
        lookalike.Expunge(1);
        lookalike.Add("other 2"u8.ToArray(), []);
        _h.Remote.Mailboxes["lookalike"] = lookalike;
        ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());
        Assert.Contains("Mailbox keep exists on local only", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RENAME", _h.LastLocal!.Log);
    }

    [Fact]
    public async Task A_rename_to_an_ignored_name_counts_as_a_deletion_and_says_so()
    {
        _h.Options = new SyncOptions { IgnoreMailbox = new Regex("^trash(?:\\x00|$)") };
        await _h.SyncAsync();
        _h.Remote.Rename("keep", "trash");

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());

        Assert.Contains("Mailbox keep exists on local only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a rename to a name that list-mailbox or ignore-mailbox leaves out counts as a deletion", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rename_on_one_side_and_a_deletion_on_the_other_stops()
    {
        await _h.SyncAsync();
        _h.Remote.Rename("keep", "kept");
        _h.Local.Mailboxes.Remove("keep");

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());

        Assert.Contains("Mailbox keep was renamed to kept on remote and is gone from local", ex.Message, StringComparison.Ordinal);
        Assert.False(_h.Local.Mailboxes.ContainsKey("kept"));
    }

    [Fact]
    public async Task A_child_renamed_away_from_its_renamed_parent_stops()
    {
        await _h.SyncAsync();
        _h.Remote.Rename("work", "job");
        _h.Remote.Rename("job.projects", "elsewhere");

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());

        Assert.Contains("Mailbox work became job, but its child work/projects became elsewhere, not job/projects", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["INBOX", "keep", "work", "work/projects"], _h.Local.Mailboxes.Keys);
    }

    [Fact]
    public async Task A_refused_rename_is_retried_after_creating_the_missing_parents()
    {
        await _h.SyncAsync();
        _h.Remote.Rename("keep", "new.parent.keep");
        var hook = new RefuseRenameOnce();

        var summary = await _h.RunAsync(e => e.SyncAsync(), null, hook);

        Assert.Empty(summary.Errors);
        Assert.True(_h.Local.Mailboxes.ContainsKey("new/parent"));
        Assert.Equal(["k []"], _h.Local.Snapshot("new/parent/keep"));
        Assert.Equal(2, hook.Renames);
    }

    [Fact]
    public async Task With_MAILBOXID_the_server_decides_even_when_the_messages_are_gone_since()
    {
        await SyncWithRemoteMailboxIdsAsync();
        var keep = _h.WithState(s => s.FindMailbox("keep")!.Id);
        Assert.Equal(_h.Remote["keep"].ObjectId, _h.WithState(s => s.GetMailboxObjectIds()[(keep, SyncSide.Remote)]));
        Assert.False(_h.WithState(s => s.GetMailboxObjectIds().ContainsKey((keep, SyncSide.Local)))); // local offers none

        _h.Remote.Rename("keep", "kept");
        _h.Remote["kept"].Expunge(1); // its only mapped message: the UIDVALIDITY rule alone would stop here
        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.Expunges);
        Assert.Empty(_h.Local.Snapshot("kept"));
        Assert.False(_h.Local.Mailboxes.ContainsKey("keep"));
        _h.AssertConverged();
    }

    [Fact]
    public async Task With_MAILBOXID_a_lookalike_holding_the_same_messages_is_told_apart()
    {
        await SyncWithRemoteMailboxIdsAsync();
        _h.Remote.Rename("work", "job");
        var lookalike = _h.Remote["job"].Clone();
        lookalike.ObjectId = "a copy made by another client";
        _h.Remote.Mailboxes["job-copy"] = lookalike;

        var summary = await _h.SyncAsync();

        Assert.Empty(summary.Errors);
        Assert.Equal(["INBOX", "job", "job-copy", "job/projects", "keep"], _h.Local.Mailboxes.Keys);
        Assert.Equal(2, summary.MessagesCopiedToLocal); // job-copy is a mailbox of its own
        _h.AssertConverged();
    }

    [Fact]
    public async Task With_MAILBOXID_another_id_is_no_rename_whatever_the_uidvalidity()
    {
        await SyncWithRemoteMailboxIdsAsync();
        var recreated = _h.Remote["keep"].Clone();
        recreated.ObjectId = "recreated";
        _h.Remote.Mailboxes.Remove("keep");
        _h.Remote.Mailboxes["kept"] = recreated;

        var ex = await Assert.ThrowsAsync<SyncException>(() => _h.SyncAsync());

        Assert.Contains("Mailbox keep exists on local only", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RENAME", _h.LastLocal!.Log);
    }

    // The remote offers OBJECTID; the first run creates its mailboxes, the second records their MAILBOXIDs.
    private async Task SyncWithRemoteMailboxIdsAsync()
    {
        _h.RemoteFeatures = FakeMailServer.AllFeatures with { ObjectId = true };
        await _h.SyncAsync();
        await _h.SyncAsync();
    }

    private sealed class RefuseRenameOnce : IOperationHook
    {
        public int Renames { get; private set; }

        public void Before(string operation)
        {
            if (operation == "RENAME" && ++Renames == 1)
            {
                throw new Imap.Sync.Ports.MailServerCommandException("NO Parent mailbox does not exist");
            }
        }

        public void After(string operation)
        {
        }
    }
}
