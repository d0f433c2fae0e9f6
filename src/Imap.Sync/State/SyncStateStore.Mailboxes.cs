namespace Imap.Sync.State;

// Mailbox rows: `mailboxes`, `local`, `remote`.
public sealed partial class SyncStateStore
{
    /// <summary>All known mailboxes.</summary>
    internal IReadOnlyList<StoredMailbox> GetMailboxes()
    {
        return Read(() =>
        {
            using var command = Command(null, "SELECT idx, mailbox, subscribed FROM mailboxes ORDER BY idx");
            using var reader = command.ExecuteReader();
            var result = new List<StoredMailbox>();
            while (reader.Read())
            {
                result.Add(new StoredMailbox(reader.GetInt64(0), BlobToName((byte[])reader.GetValue(1)), reader.GetInt64(2) != 0));
            }

            return result;
        });
    }

    /// <summary>The mailbox with this NUL-delimited name, if known.</summary>
    internal StoredMailbox? FindMailbox(string name) =>
        GetMailboxes().FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>Inserts a mailbox row and commits.</summary>
    internal StoredMailbox AddMailbox(string name, bool subscribed)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        long id = 0;
        InTransaction(t =>
        {
            AsImapsync(t, () =>
            {
                Execute(t, "INSERT INTO mailboxes (mailbox, subscribed) VALUES ($name, $sub)", ("$name", NameToBlob(name)), ("$sub", subscribed ? 1 : 0));
                using var command = Command(t, "SELECT last_insert_rowid()");
                id = (long)command.ExecuteScalar()!;
            });
        });
        return new StoredMailbox(id, name, subscribed);
    }

    /// <summary>Records the agreed subscription state and commits.</summary>
    internal void SetSubscribed(long mailboxId, bool subscribed) =>
        InTransaction(t => Execute(t, "UPDATE mailboxes SET subscribed = $sub WHERE idx = $idx", ("$sub", subscribed ? 1 : 0), ("$idx", mailboxId)));

    /// <summary>The stored state of both sides, or null when the mailbox was never selected.</summary>
    internal (SideState Local, SideState Remote)? GetSideStates(long mailboxId)
    {
        return Read<(SideState Local, SideState Remote)?>(() =>
        {
            var local = ReadSide("local", mailboxId);
            var remote = ReadSide("remote", mailboxId);
            if (local is null || remote is null)
            {
                return null;
            }

            return (local.Value, remote.Value);
        });
    }

    /// <summary>Writes both sides' state in one commit (InterIMAP keeps them in step).</summary>
    internal void SaveSideStates(long mailboxId, SideState local, SideState remote) =>
        InTransaction(t =>
        {
            WriteSide(t, "local", mailboxId, local);
            WriteSide(t, "remote", mailboxId, remote);
        });

    /// <summary>
    /// Writes both sides' state at the end of a completed pass and, in the same commit, clears the
    /// restored-from-backup markers: the recovery they asked for is done.
    /// </summary>
    internal void CompletePass(long mailboxId, SideState local, SideState remote) =>
        InTransaction(t =>
        {
            WriteSide(t, "local", mailboxId, local);
            WriteSide(t, "remote", mailboxId, remote);
            Execute(t, "DELETE FROM imapsync_restored WHERE idx = $idx", ("$idx", mailboxId));
        });

    /// <summary>Records, and commits, that a side was found restored from a backup.</summary>
    internal void MarkRestored(long mailboxId, SyncSide side) =>
        InTransaction(t => Execute(t, "INSERT OR IGNORE INTO imapsync_restored (idx, side) VALUES ($idx, $side)", ("$idx", mailboxId), ("$side", side.Name())));

    /// <summary>Sides found restored from a backup whose recovery pass has not completed yet.</summary>
    internal IReadOnlyList<SyncSide> GetRestoredSides(long mailboxId)
    {
        return Read(() =>
        {
            using var command = Command(null, "SELECT side FROM imapsync_restored WHERE idx = $idx ORDER BY side", ("$idx", mailboxId));
            using var reader = command.ExecuteReader();
            var result = new List<SyncSide>();
            while (reader.Read())
            {
                result.Add(reader.GetString(0) == "local" ? SyncSide.Local : SyncSide.Remote);
            }

            return result;
        });
    }

    /// <summary>Removes a mailbox and everything attached to it, in foreign-key order, and commits.</summary>
    internal void DeleteMailbox(long mailboxId) =>
        InTransaction(t =>
        {
            foreach (var table in (string[])["imapsync_flags", "imapsync_emailid", "imapsync_copy_intent", "imapsync_restored", "imapsync_objectid", "mapping", "local", "remote", "mailboxes"])
            {
                Execute(t, $"DELETE FROM {table} WHERE idx = $idx", ("$idx", mailboxId));
            }
        });

    private SideState? ReadSide(string table, long mailboxId)
    {
        using var command = Command(null, $"SELECT UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ FROM {table} WHERE idx = $idx", ("$idx", mailboxId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new SideState((uint)reader.GetInt64(0), (uint)reader.GetInt64(1), ModSeqFromDb(reader.GetInt64(2)));
    }

    private void WriteSide(Microsoft.Data.Sqlite.SqliteTransaction transaction, string table, long mailboxId, SideState state) =>
        Execute(
            transaction,
            $"INSERT OR REPLACE INTO {table} (idx, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ) VALUES ($idx, $uv, $un, $hms)",
            ("$idx", mailboxId),
            ("$uv", (long)state.UidValidity),
            ("$un", (long)state.UidNext),
            ("$hms", ModSeqToDb(state.HighestModSeq)));
}
