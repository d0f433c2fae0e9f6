using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

/// <summary>
/// Creates and migrates the state database schema.
/// Version 1 is InterIMAP 0.5's schema, kept column for column so its databases can be adopted
/// (and so InterIMAP can still read ours). Later versions only add tables of our own.
/// </summary>
internal static class StateSchema
{
    /// <summary>InterIMAP 0.5's schema version.</summary>
    public const int InterImapVersion = 1;

    /// <summary>The version this build writes.</summary>
    public const int CurrentVersion = 6;

    // InterIMAP's four tables. Invariants (shared with InterIMAP):
    //  * UIDVALIDITY never changes for a mailbox row (InterIMAP aborts when a server's does). Ours changes
    //    it only in the commit that also replaces every UID of that side (SyncStateStore.ReplaceSide,
    //    ResetMailbox): the mapping never mixes UIDs of two UIDVALIDITYs.
    //  * Every change to a UID below UIDNEXT with MODSEQ up to HIGHESTMODSEQ has been propagated.
    //  * A `local` row has a `remote` row with the same idx and vice versa.
    //  * Mapping UIDs are below the stored UIDNEXT, except after an interrupted sync.
    private static readonly string[] Version1 =
    [
        """
        CREATE TABLE mailboxes (
            idx        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            mailbox    BLOB COLLATE BINARY NOT NULL CHECK (mailbox != '') UNIQUE,
            subscribed BOOLEAN NOT NULL)
        """,
        """
        CREATE TABLE local (
            idx           INTEGER         NOT NULL PRIMARY KEY REFERENCES mailboxes(idx),
            UIDVALIDITY   UNSIGNED INT    NOT NULL CHECK (UIDVALIDITY > 0),
            UIDNEXT       UNSIGNED INT    NOT NULL,
            HIGHESTMODSEQ UNSIGNED BIGINT NOT NULL)
        """,
        """
        CREATE TABLE remote (
            idx           INTEGER         NOT NULL PRIMARY KEY REFERENCES mailboxes(idx),
            UIDVALIDITY   UNSIGNED INT    NOT NULL CHECK (UIDVALIDITY > 0),
            UIDNEXT       UNSIGNED INT    NOT NULL,
            HIGHESTMODSEQ UNSIGNED BIGINT NOT NULL)
        """,
        """
        CREATE TABLE mapping (
            idx  INTEGER      NOT NULL REFERENCES mailboxes(idx),
            lUID UNSIGNED INT NOT NULL CHECK (lUID > 0),
            rUID UNSIGNED INT NOT NULL CHECK (rUID > 0),
            PRIMARY KEY (idx,lUID),
            UNIQUE      (idx,rUID))
        """,
    ];

    // Version 2 (ours):
    //  * imapsync_flags: the flags each side last had for a mapped pair, so a change can be told from an
    //    echo of our own STORE and so sources without MODSEQ (full scan) can see what changed.
    //    Rows go away with their mapping (ON DELETE CASCADE), also when InterIMAP deletes the mapping.
    //  * imapsync_copy_intent: written and committed before an APPEND; removed in the transaction
    //    that records the mapping. A leftover row means an APPEND may have landed without its mapping.
    private static readonly string[] Version2 =
    [
        """
        CREATE TABLE imapsync_flags (
            idx    INTEGER      NOT NULL,
            lUID   UNSIGNED INT NOT NULL,
            lflags TEXT,
            rflags TEXT,
            PRIMARY KEY (idx,lUID),
            FOREIGN KEY (idx,lUID) REFERENCES mapping(idx,lUID) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE imapsync_copy_intent (
            idx          INTEGER      NOT NULL REFERENCES mailboxes(idx),
            source       TEXT         NOT NULL CHECK (source IN ('local','remote')),
            sourceUID    UNSIGNED INT NOT NULL CHECK (sourceUID > 0),
            size         INTEGER      NOT NULL,
            internaldate TEXT,
            messageid    TEXT,
            PRIMARY KEY (idx,source,sourceUID))
        """,
    ];

    // Version 3 (ours):
    //  * imapsync_restored: a side found restored from a backup (UIDNEXT or HIGHESTMODSEQ went backwards).
    //    Written as soon as the restore is seen, deleted only in the commit that saves the completed pass:
    //    our own copy-back APPENDs (or new mail) can push the state forward again before the pass ends,
    //    and the next run must still treat missing messages as lost, not as expunged.
    private static readonly string[] Version3 =
    [
        """
        CREATE TABLE imapsync_restored (
            idx  INTEGER NOT NULL REFERENCES mailboxes(idx),
            side TEXT    NOT NULL CHECK (side IN ('local','remote')),
            PRIMARY KEY (idx,side))
        """,
    ];

    // Version 4 (ours):
    //  * imapsync_namespace: per side, the personal namespace prefix (e.g. "INBOX.") removed from server
    //    names before they were stored. No row: names are stored as listed (InterIMAP's way). A later run
    //    whose prefix differs must stop, since the stored names would be read differently.
    //  * Handing such a database back to interimap must fail before it acts on misread names: a trigger
    //    refuses new or renamed `mailboxes` rows (interimap inserts the row before it creates a mailbox on
    //    a server) unless imapsync_writer holds our token, which our own writes add and remove within their
    //    transaction. Inert while no non-empty prefix is recorded; InterIMAP's columns are unchanged.
    private const string HandBackRefusal =
        "this database was written by imapsync with personal-namespace: its mailbox names lack the "
        + "personal namespace prefix of a server (table imapsync_namespace), so interimap would misread them. "
        + "Keep using imapsync, or give interimap a new database";

    private static readonly string[] Version4 =
    [
        """
        CREATE TABLE imapsync_namespace (
            side   TEXT NOT NULL PRIMARY KEY CHECK (side IN ('local','remote')),
            prefix BLOB NOT NULL)
        """,
        "CREATE TABLE imapsync_writer (token INTEGER NOT NULL)",
        $"""
        CREATE TRIGGER imapsync_namespace_insert_guard BEFORE INSERT ON mailboxes
        WHEN EXISTS (SELECT 1 FROM imapsync_namespace WHERE length(prefix) > 0) AND NOT EXISTS (SELECT 1 FROM imapsync_writer)
        BEGIN SELECT RAISE(ABORT, '{HandBackRefusal}'); END
        """,
        $"""
        CREATE TRIGGER imapsync_namespace_rename_guard BEFORE UPDATE OF mailbox ON mailboxes
        WHEN EXISTS (SELECT 1 FROM imapsync_namespace WHERE length(prefix) > 0) AND NOT EXISTS (SELECT 1 FROM imapsync_writer)
        BEGIN SELECT RAISE(ABORT, '{HandBackRefusal}'); END
        """,
    ];

    // Version 5 (ours):
    //  * imapsync_rename: a mailbox rename seen on one side and being replayed on `side` (the other one),
    //    written and committed before the RENAME, deleted in the transaction that renames the `mailboxes`
    //    rows. A leftover row whose target exists on `side` and whose source does not marks a RENAME
    //    that landed without its rows being renamed; the next run finishes it (see RenameReplayer).
    //  * imapsync_objectid: per side, the MAILBOXID (OBJECTID, RFC 8474) a server reported for the mailbox,
    //    which stays with it across RENAME: a mailbox gone under its stored name is found again by it.
    //    Rows go away with their mailbox (ON DELETE CASCADE), also when InterIMAP deletes it.
    private static readonly string[] Version5 =
    [
        """
        CREATE TABLE imapsync_objectid (
            idx       INTEGER NOT NULL REFERENCES mailboxes(idx) ON DELETE CASCADE,
            side      TEXT    NOT NULL CHECK (side IN ('local','remote')),
            mailboxid TEXT    NOT NULL,
            PRIMARY KEY (idx,side))
        """,
        """
        CREATE TABLE imapsync_rename (
            side   TEXT NOT NULL CHECK (side IN ('local','remote')),
            source BLOB NOT NULL CHECK (source != ''),
            target BLOB NOT NULL CHECK (target != ''),
            PRIMARY KEY (side,source))
        """,
    ];

    // Version 6 (ours):
    //  * imapsync_emailid: per mapped pair, the id each server gave its message (EMAILID, RFC 8474, or
    //    Gmail's X-GM-MSGID), recorded when the pair is made. A moved message keeps its id on its server,
    //    but once it has left a mailbox the id cannot be asked for any more: a message that left mailbox
    //    A and arrived in B is recognized by it. Null where that server offers none or it was not seen.
    //    Rows go away with their mapping (ON DELETE CASCADE), also when InterIMAP deletes it; InterIMAP's
    //    tables are unchanged, so it still reads the database as before.
    private static readonly string[] Version6 =
    [
        """
        CREATE TABLE imapsync_emailid (
            idx      INTEGER      NOT NULL,
            lUID     UNSIGNED INT NOT NULL,
            lemailid TEXT,
            remailid TEXT,
            PRIMARY KEY (idx,lUID),
            FOREIGN KEY (idx,lUID) REFERENCES mapping(idx,lUID) ON DELETE CASCADE)
        """,
    ];

    /// <summary>Brings the schema to <see cref="CurrentVersion"/>; returns the version found.</summary>
    public static int Upgrade(SqliteConnection connection)
    {
        var found = GetVersion(connection);
        if (found > CurrentVersion)
        {
            throw new SyncStateException(
                $"The state database has schema version {found}, newer than this program knows ({CurrentVersion}).");
        }

        if (found == CurrentVersion)
        {
            return found;
        }

        if (found == 0 && HasTables(connection))
        {
            // InterIMAP before 0.5 stored names with the real delimiter; its own migration needs the
            // servers' delimiters. Let InterIMAP 0.5 upgrade it first rather than guessing.
            throw new SyncStateException(
                "The state database has InterIMAP's pre-0.5 schema (version 0); run interimap 0.5 once to upgrade it.");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        if (found < InterImapVersion)
        {
            Execute(connection, transaction, Version1);
        }

        if (found < 2)
        {
            Execute(connection, transaction, Version2);
        }

        if (found < 3)
        {
            Execute(connection, transaction, Version3);
        }

        if (found < 4)
        {
            Execute(connection, transaction, Version4);
        }

        if (found < 5)
        {
            Execute(connection, transaction, Version5);
        }

        Execute(connection, transaction, Version6);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"PRAGMA user_version = {CurrentVersion}";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return found;
    }

    public static int GetVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool HasTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string[] statements)
    {
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
