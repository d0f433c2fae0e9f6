using Imap.Sync.State;

namespace Imap.Sync.Tests.State;

/// <summary>
/// A database in InterIMAP 0.5's schema (user_version 1), written here by the sqlite3 tool with
/// InterIMAP's DDL, is adopted: rows kept, our tables added, user_version bumped, and the result still
/// has every InterIMAP column with its constraints. The real interimap is exercised in the Dovecot tests.
/// </summary>
public sealed class InterImapSchemaTests : IDisposable
{
    private const string InterImapDdl = """
        CREATE TABLE mailboxes (idx INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, mailbox BLOB COLLATE BINARY NOT NULL CHECK (mailbox != '') UNIQUE, subscribed BOOLEAN NOT NULL);
        CREATE TABLE local (idx INTEGER NOT NULL PRIMARY KEY REFERENCES mailboxes(idx), UIDVALIDITY UNSIGNED INT NOT NULL CHECK (UIDVALIDITY > 0), UIDNEXT UNSIGNED INT NOT NULL, HIGHESTMODSEQ UNSIGNED BIGINT NOT NULL);
        CREATE TABLE remote (idx INTEGER NOT NULL PRIMARY KEY REFERENCES mailboxes(idx), UIDVALIDITY UNSIGNED INT NOT NULL CHECK (UIDVALIDITY > 0), UIDNEXT UNSIGNED INT NOT NULL, HIGHESTMODSEQ UNSIGNED BIGINT NOT NULL);
        CREATE TABLE mapping (idx INTEGER NOT NULL REFERENCES mailboxes(idx), lUID UNSIGNED INT NOT NULL CHECK (lUID > 0), rUID UNSIGNED INT NOT NULL CHECK (rUID > 0), PRIMARY KEY (idx,lUID), UNIQUE (idx,rUID));
        PRAGMA user_version = 1;
        INSERT INTO mailboxes (mailbox, subscribed) VALUES (CAST('INBOX' AS BLOB), 1), (CAST('a' || x'00' || 'b' AS BLOB), 0);
        INSERT INTO local VALUES (2, 11, 4, -9223372036854775807);
        INSERT INTO remote VALUES (2, 22, 3, 17);
        INSERT INTO mapping VALUES (2, 1, 2), (2, 3, 1);
        """;

    // What version 6 added: dropped to get back to what a version-5 build left behind.
    private const string DropVersion6 = "DROP TABLE imapsync_emailid; ";

    // What versions 4 to 6 added: dropped to get back to what a version-2 or -3 build left behind.
    private const string DropVersion4 = DropVersion6
        + "DROP TABLE imapsync_rename; DROP TABLE imapsync_objectid; DROP TRIGGER imapsync_namespace_insert_guard; DROP TRIGGER imapsync_namespace_rename_guard; DROP TABLE imapsync_writer; DROP TABLE imapsync_namespace; ";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task InterImap_database_is_adopted_and_migrated()
    {
        var path = _dir.File("interimap.db");
        await SqliteCli.RunAsync(path, InterImapDdl);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            Assert.Equal(1, store.VersionFound);
            var box = store.FindMailbox("a\0b")!;
            Assert.False(box.Subscribed);
            var states = store.GetSideStates(box.Id)!.Value;
            Assert.Equal(new SideState(11, 4, (1UL << 63) + 1), states.Local);
            Assert.Equal(new SideState(22, 3, 17), states.Remote);
            Assert.Equal([new MappedPair(1, 2, null, null), new MappedPair(3, 1, null, null)], store.GetMappings(box.Id));
        }

        // The mode of an existing file is never changed.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal("6", await SqliteCli.RunAsync(path, "PRAGMA user_version;"));
        Assert.Equal(
            "ok",
            await SqliteCli.RunAsync(path, "PRAGMA foreign_keys=ON; PRAGMA foreign_key_check; PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task InterImap_constraints_still_hold_after_migration()
    {
        var path = _dir.File("constraints.db");
        await SqliteCli.RunAsync(path, InterImapDdl);
        using (SyncStateStore.Open(path, createIfMissing: false))
        {
        }

        // Same UNIQUE (idx,rUID) and CHECK constraints as InterIMAP: a duplicate rUID is refused.
        var error = await SqliteCli.FailAsync(path, "INSERT INTO mapping VALUES (2, 9, 2);");
        Assert.Contains("UNIQUE constraint failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_mapping_the_way_interimap_does_also_drops_our_flag_row()
    {
        var path = _dir.File("cascade.db");
        await SqliteCli.RunAsync(path, InterImapDdl);
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            store.SetPairFlags(2, [(1u, "\\Seen", "\\Seen")]);
        }

        await SqliteCli.RunAsync(path, "PRAGMA foreign_keys=ON; DELETE FROM mapping WHERE idx=2 AND lUID=1;");
        Assert.Equal("0", await SqliteCli.RunAsync(path, "SELECT count(*) FROM imapsync_flags;"));
    }

    [Fact]
    public async Task A_version_2_database_gains_the_restored_marker_table_and_keeps_its_rows()
    {
        var path = _dir.File("v2.db");
        await SqliteCli.RunAsync(path, InterImapDdl);
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            store.SetPairFlags(2, [(1u, "\\Seen", "")]);
            store.RecordCopyIntents(2, [new CopyIntent(SyncSide.Local, 7, 10, null, "<a@x>")]);
        }

        // Back to what a version-2 build left behind: no marker table, user_version 2.
        await SqliteCli.RunAsync(path, DropVersion4 + "DROP TABLE imapsync_restored; PRAGMA user_version = 2;");
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            Assert.Equal(2, store.VersionFound);
            Assert.Equal([new MappedPair(1, 2, "\\Seen", ""), new MappedPair(3, 1, null, null)], store.GetMappings(2));
            Assert.Single(store.GetCopyIntents(2));
            Assert.Empty(store.GetRestoredSides(2));
            store.MarkRestored(2, SyncSide.Remote);
            store.MarkRestored(2, SyncSide.Remote);
            Assert.Equal([SyncSide.Remote], store.GetRestoredSides(2));

            // Only the commit of a completed pass clears it, together with the new state.
            store.SaveSideStates(2, new SideState(11, 5, 1), new SideState(22, 4, 18));
            Assert.Equal([SyncSide.Remote], store.GetRestoredSides(2));
            store.CompletePass(2, new SideState(11, 5, 1), new SideState(22, 4, 18));
            Assert.Empty(store.GetRestoredSides(2));
            Assert.Equal(new SideState(22, 4, 18), store.GetSideStates(2)!.Value.Remote);
        }

        await AssertCurrentAndIntactAsync(path);
    }

    [Fact]
    public async Task A_version_3_database_gains_the_namespace_table_with_no_record_and_keeps_its_rows()
    {
        var path = await OlderDatabaseAsync("v3.db", DropVersion4 + "PRAGMA user_version = 3;");
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            Assert.Equal(3, store.VersionFound);
            Assert.True(store.HasMailboxes());
            Assert.NotNull(store.FindMailbox("a\0b"));
            Assert.Null(store.GetNamespacePrefix(SyncSide.Local));
            Assert.Null(store.GetNamespacePrefix(SyncSide.Remote));
            store.SetNamespacePrefixes([(SyncSide.Remote, "INBOX."), (SyncSide.Local, "")]);
            Assert.Equal("INBOX.", store.GetNamespacePrefix(SyncSide.Remote));
            Assert.Equal("", store.GetNamespacePrefix(SyncSide.Local));
        }

        Assert.Equal("6", await SqliteCli.RunAsync(path, "PRAGMA user_version;"));
        Assert.Equal("local|\nremote|INBOX.", await SqliteCli.RunAsync(path, "SELECT side, CAST(prefix AS TEXT) FROM imapsync_namespace ORDER BY side;"));
    }

    [Fact]
    public async Task A_version_4_database_gains_the_rename_journal_and_the_mailbox_ids_and_keeps_its_rows()
    {
        var path = await OlderDatabaseAsync("v4.db", DropVersion6 + "DROP TABLE imapsync_rename; DROP TABLE imapsync_objectid; PRAGMA user_version = 4;");
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            Assert.Equal(4, store.VersionFound);
            Assert.Empty(store.GetRenameIntents());
            var intent = new RenameIntent(SyncSide.Local, "a", "z\0y");
            store.RecordRenameIntent(intent);
            Assert.Equal([intent], store.GetRenameIntents());

            // Completing renames the row and its inferior and clears the intent in one commit.
            Assert.Equal(1, store.CompleteRename(intent with { Target = "z" }));
            Assert.Empty(store.GetRenameIntents());
            Assert.NotNull(store.FindMailbox("z\0b"));
            Assert.Null(store.FindMailbox("a\0b"));
            store.RecordRenameIntent(intent);
            store.DropRenameIntent(intent);
            Assert.Empty(store.GetRenameIntents());
            Assert.NotNull(store.FindMailbox("z\0b"));

            var id = store.FindMailbox("z\0b")!.Id;
            store.SetMailboxObjectIds([(id, SyncSide.Remote, "F00"), (id, SyncSide.Local, "abc")]);
            store.SetMailboxObjectIds([(id, SyncSide.Remote, "F01")]);
            Assert.Equal("F01", store.GetMailboxObjectIds()[(id, SyncSide.Remote)]);
            Assert.Equal("abc", store.GetMailboxObjectIds()[(id, SyncSide.Local)]);
            store.DeleteMailbox(id);
            Assert.Empty(store.GetMailboxObjectIds());
        }

        await AssertCurrentAndIntactAsync(path);
    }

    [Fact]
    public async Task A_version_5_database_gains_the_message_ids_and_keeps_its_rows()
    {
        var path = await OlderDatabaseAsync("v5.db", DropVersion6 + "PRAGMA user_version = 5;");
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            Assert.Equal(5, store.VersionFound);
            Assert.Equal([new MappedPair(1, 2, null, null), new MappedPair(3, 1, null, null)], store.GetMappings(2));
            Assert.Empty(store.GetEmailIds(2, SyncSide.Local, [1, 3]));

            // Recorded with a new pair, or later by either side's UID; only for mapped messages.
            store.CompleteCopies(2, SyncSide.Local, [new CompletedCopy(5, 7, null, null) { LocalEmailId = "Ma" }]);
            store.SetEmailIds(2, SyncSide.Remote, [(7u, "Mb"), (2u, "Mc"), (99u, "Mz")]);
            Assert.Equal(new Dictionary<uint, string> { [5] = "Ma" }, store.GetEmailIds(2, SyncSide.Local, [1, 3, 5]));
            Assert.Equal(new Dictionary<uint, string> { [1] = "Mc", [5] = "Mb" }, store.GetEmailIds(2, SyncSide.Remote, [1, 3, 5]));

            // A pair replaced or removed takes its ids with it.
            store.CompleteCopies(2, SyncSide.Local, [new CompletedCopy(5, 8, null, null)]);
            store.RemoveMappings(2, [1]);
            Assert.Empty(store.GetEmailIds(2, SyncSide.Remote, [1, 3, 5]));
        }

        await AssertCurrentAndIntactAsync(path);
    }

    [Fact]
    public async Task Deleting_a_mapping_the_way_interimap_does_also_drops_its_message_ids()
    {
        var path = _dir.File("cascade-ids.db");
        await SqliteCli.RunAsync(path, InterImapDdl);
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            store.SetEmailIds(2, SyncSide.Local, [(1u, "Ma"), (3u, "Mb")]);
        }

        await SqliteCli.RunAsync(path, "PRAGMA foreign_keys=ON; DELETE FROM mapping WHERE idx=2 AND lUID=1;");
        Assert.Equal("3|Mb", await SqliteCli.RunAsync(path, "SELECT lUID, lemailid FROM imapsync_emailid;"));
    }

    [Fact]
    public async Task Once_a_prefix_is_recorded_only_our_writes_may_add_or_rename_mailbox_rows()
    {
        var path = _dir.File("guard.db");
        await SqliteCli.RunAsync(path, InterImapDdl);
        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            store.SetNamespacePrefixes([(SyncSide.Local, "")]);
        }

        // An empty prefix changes nothing for interimap.
        await SqliteCli.RunAsync(path, "INSERT INTO mailboxes (mailbox, subscribed) VALUES (CAST('c' AS BLOB), 0);");

        using (var store = SyncStateStore.Open(path, createIfMissing: false))
        {
            store.SetNamespacePrefixes([(SyncSide.Remote, "INBOX.")]);
            store.AddMailbox("d", false);
            Assert.Equal(1, store.RenameMailbox("d", "e"));
        }

        foreach (var sql in new[] { "INSERT INTO mailboxes (mailbox, subscribed) VALUES (CAST('f' AS BLOB), 0);", "UPDATE mailboxes SET mailbox = CAST('g' AS BLOB) WHERE mailbox = CAST('e' AS BLOB);" })
        {
            Assert.Contains("interimap would misread them", await SqliteCli.FailAsync(path, sql), StringComparison.Ordinal);
        }

        // Subscriptions and deletions (interimap --delete) still work; our token never stays behind.
        await SqliteCli.RunAsync(path, "UPDATE mailboxes SET subscribed = 1 WHERE mailbox = CAST('e' AS BLOB);");
        Assert.Equal("0|c,e", await SqliteCli.RunAsync(path, "SELECT (SELECT count(*) FROM imapsync_writer), group_concat(CAST(mailbox AS TEXT)) FROM mailboxes WHERE mailbox IN (CAST('c' AS BLOB), CAST('e' AS BLOB), CAST('f' AS BLOB));"));
    }

    private static async Task AssertCurrentAndIntactAsync(string path)
    {
        Assert.Equal("6", await SqliteCli.RunAsync(path, "PRAGMA user_version;"));
        Assert.Equal("ok", await SqliteCli.RunAsync(path, "PRAGMA foreign_keys=ON; PRAGMA foreign_key_check; PRAGMA integrity_check;"));
    }

    // InterIMAP's database migrated by this build, then taken back to what an older build left behind.
    private async Task<string> OlderDatabaseAsync(string name, string backToOlder)
    {
        var path = _dir.File(name);
        await SqliteCli.RunAsync(path, InterImapDdl);
        using (SyncStateStore.Open(path, createIfMissing: false))
        {
        }

        await SqliteCli.RunAsync(path, backToOlder);
        return path;
    }

    [Fact]
    public async Task Unknown_newer_schema_is_refused()
    {
        var path = _dir.File("future.db");
        await SqliteCli.RunAsync(path, "CREATE TABLE x (y); PRAGMA user_version = 99;");
        var ex = Assert.Throws<SyncStateException>(() => SyncStateStore.Open(path));
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }
}
