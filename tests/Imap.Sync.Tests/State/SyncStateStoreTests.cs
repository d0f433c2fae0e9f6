using Imap.Sync.State;

namespace Imap.Sync.Tests.State;

public sealed class SyncStateStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task New_database_is_private_in_wal_mode_with_interimap_tables_and_ours()
    {
        var path = _dir.File("new.db");
        using (var store = SyncStateStore.Open(path))
        {
            Assert.Equal(0, store.VersionFound);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var tables = await SqliteCli.RunAsync(path, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name;");
        Assert.Equal(
            ["imapsync_copy_intent", "imapsync_emailid", "imapsync_flags", "imapsync_namespace", "imapsync_objectid", "imapsync_rename", "imapsync_restored", "imapsync_writer", "local", "mailboxes", "mapping", "remote", "sqlite_sequence"],
            tables.Split('\n'));
        Assert.Equal("6", await SqliteCli.RunAsync(path, "PRAGMA user_version;"));
        Assert.Equal("wal", await SqliteCli.RunAsync(path, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void Missing_database_is_not_created_when_asked_not_to()
    {
        var path = _dir.File("absent.db");
        var ex = Assert.Throws<SyncStateException>(() => SyncStateStore.Open(path, createIfMissing: false));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Second_open_fails_fast_with_a_clear_message_and_succeeds_after_release()
    {
        var path = _dir.File("locked.db");
        using (var first = SyncStateStore.Open(path))
        {
            var started = DateTime.UtcNow;
            var ex = Assert.Throws<SyncStateLockedException>(() => SyncStateStore.Open(path));
            Assert.Contains("in use by another", ex.Message, StringComparison.Ordinal);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }

        using var again = SyncStateStore.Open(path);
        Assert.Equal(6, again.VersionFound);
    }

    [Fact]
    public async Task Lock_also_keeps_the_sqlite3_tool_out()
    {
        var path = _dir.File("locked2.db");
        using var store = SyncStateStore.Open(path);
        var info = new System.Diagnostics.ProcessStartInfo("sqlite3") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(path);
        info.ArgumentList.Add("SELECT count(*) FROM mailboxes;");
        using var process = System.Diagnostics.Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("locked", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mailbox_rows_round_trip_with_nul_delimiters_and_huge_modseq()
    {
        using var store = SyncStateStore.Open(_dir.File("rows.db"));
        var inbox = store.AddMailbox("INBOX", subscribed: true);
        var nested = store.AddMailbox("a\0b", subscribed: false);
        Assert.Null(store.GetSideStates(inbox.Id));

        var huge = (1UL << 63) + 5;
        store.SaveSideStates(nested.Id, new SideState(7, 12, huge), new SideState(9, 3, 1));
        var states = store.GetSideStates(nested.Id)!.Value;
        Assert.Equal(new SideState(7, 12, huge), states.Local);
        Assert.Equal(new SideState(9, 3, 1), states.Remote);

        store.SetSubscribed(nested.Id, true);
        Assert.True(store.FindMailbox("a\0b")!.Subscribed);
        Assert.Equal(["INBOX", "a\0b"], store.GetMailboxes().Select(m => m.Name));
    }

    [Fact]
    public void Copy_is_completed_atomically_with_its_intent_and_flags()
    {
        using var store = SyncStateStore.Open(_dir.File("copies.db"));
        var box = store.AddMailbox("INBOX", true);
        store.SaveSideStates(box.Id, new SideState(1, 0, 0), new SideState(2, 0, 0));
        store.RecordCopyIntents(box.Id, [new CopyIntent(SyncSide.Remote, 5, 100, "01-Jan-2020 00:00:00 +0000", "<a@b>"), new CopyIntent(SyncSide.Remote, 6, 10, null, null)]);
        Assert.Equal(2, store.GetCopyIntents(box.Id).Count);

        store.CompleteCopies(box.Id, SyncSide.Remote, [new CompletedCopy(40, 5, "\\Seen", "\\Seen")]);
        var left = Assert.Single(store.GetCopyIntents(box.Id));
        Assert.Equal(6u, left.SourceUid);
        Assert.Null(left.MessageId);
        Assert.Equal(new MappedPair(40, 5, "\\Seen", "\\Seen"), Assert.Single(store.GetMappings(box.Id)));

        store.DropCopyIntents(box.Id, SyncSide.Remote, [6]);
        Assert.Empty(store.GetCopyIntents(box.Id));

        store.SetPairFlags(box.Id, [(40u, "", "$Junk")]);
        Assert.Equal(new MappedPair(40, 5, "", "$Junk"), Assert.Single(store.GetMappings(box.Id)));
        store.RemoveMappings(box.Id, [40]);
        Assert.Empty(store.GetMappings(box.Id));
    }

    [Fact]
    public void Rename_moves_inferiors_but_not_lookalikes_and_delete_removes_everything()
    {
        using var store = SyncStateStore.Open(_dir.File("rename.db"));
        var a = store.AddMailbox("a", false);
        store.AddMailbox("a\0b", false);
        store.AddMailbox("ab", false);
        Assert.Equal(2, store.RenameMailbox("a", "z"));
        Assert.Equal(["z", "z\0b", "ab"], store.GetMailboxes().Select(m => m.Name));

        store.SaveSideStates(a.Id, new SideState(1, 2, 3), new SideState(1, 2, 3));
        store.CompleteCopies(a.Id, SyncSide.Local, [new CompletedCopy(1, 1, "", "")]);
        store.DeleteMailbox(a.Id);
        Assert.Null(store.FindMailbox("z"));
        Assert.Empty(store.GetMappings(a.Id));
        Assert.Null(store.GetSideStates(a.Id));
    }
}
