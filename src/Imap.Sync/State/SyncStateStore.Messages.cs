namespace Imap.Sync.State;

// Message rows: `mapping`, `imapsync_flags`, `imapsync_copy_intent`.
public sealed partial class SyncStateStore
{
    /// <summary>All mapped pairs of a mailbox, with the flags last agreed when known.</summary>
    public IReadOnlyList<MappedPair> GetMappings(long mailboxId)
    {
        return Read(() =>
        {
            using var command = Command(
                null,
                """
                SELECT m.lUID, m.rUID, f.lflags, f.rflags
                FROM mapping m LEFT JOIN imapsync_flags f ON f.idx = m.idx AND f.lUID = m.lUID
                WHERE m.idx = $idx ORDER BY m.lUID
                """,
                ("$idx", mailboxId));
            using var reader = command.ExecuteReader();
            var result = new List<MappedPair>();
            while (reader.Read())
            {
                result.Add(new MappedPair(
                    (uint)reader.GetInt64(0),
                    (uint)reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)));
            }

            return result;
        });
    }

    /// <summary>
    /// Records, and commits, the intent to copy these messages before they are appended. A pair still
    /// mapping a source UID (a copy back: its counterpart is gone) is dropped in the same commit, so a
    /// message the APPEND lands at cannot be mistaken for that stale pair's after a crash; the intent
    /// keeps the source message from being forgotten.
    /// </summary>
    public void RecordCopyIntents(long mailboxId, IReadOnlyList<CopyIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        InTransaction(t =>
        {
            foreach (var intent in intents)
            {
                var column = intent.Source == SyncSide.Local ? "lUID" : "rUID";
                Execute(t, $"DELETE FROM imapsync_flags WHERE idx = $idx AND lUID IN (SELECT lUID FROM mapping WHERE idx = $idx AND {column} = $uid)", ("$idx", mailboxId), ("$uid", (long)intent.SourceUid));
                Execute(t, $"DELETE FROM mapping WHERE idx = $idx AND {column} = $uid", ("$idx", mailboxId), ("$uid", (long)intent.SourceUid));
                InsertIntent(t, mailboxId, intent);
            }
        });
    }

    /// <summary>Copy intents left over by an interrupted run.</summary>
    public IReadOnlyList<CopyIntent> GetCopyIntents(long mailboxId)
    {
        return Read(() =>
        {
            using var command = Command(
                null,
                "SELECT source, sourceUID, size, internaldate, messageid FROM imapsync_copy_intent WHERE idx = $idx ORDER BY source, sourceUID",
                ("$idx", mailboxId));
            using var reader = command.ExecuteReader();
            var result = new List<CopyIntent>();
            while (reader.Read())
            {
                result.Add(new CopyIntent(
                    reader.GetString(0) == "local" ? SyncSide.Local : SyncSide.Remote,
                    (uint)reader.GetInt64(1),
                    reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }

            return result;
        });
    }

    /// <summary>
    /// In one commit: inserts the mappings of appended messages (replacing any pair that shares one of
    /// the UIDs) and removes their copy intents
    /// (<paramref name="source"/> tells which UID the intent was recorded under).
    /// </summary>
    public void CompleteCopies(long mailboxId, SyncSide source, IReadOnlyList<CompletedCopy> copies)
    {
        ArgumentNullException.ThrowIfNull(copies);
        InTransaction(t =>
        {
            foreach (var copy in copies)
            {
                // A re-copy (the old copy vanished from a restored server) replaces the stale pair.
                Execute(t, "DELETE FROM imapsync_flags WHERE idx = $idx AND lUID IN (SELECT lUID FROM mapping WHERE idx = $idx AND (lUID = $l OR rUID = $r))", ("$idx", mailboxId), ("$l", (long)copy.LocalUid), ("$r", (long)copy.RemoteUid));
                Execute(t, "DELETE FROM mapping WHERE idx = $idx AND (lUID = $l OR rUID = $r)", ("$idx", mailboxId), ("$l", (long)copy.LocalUid), ("$r", (long)copy.RemoteUid));
                InsertPair(t, mailboxId, copy);
                var sourceUid = source == SyncSide.Local ? copy.LocalUid : copy.RemoteUid;
                DeleteIntent(t, mailboxId, source, sourceUid);
            }
        });
    }

    /// <summary>Removes copy intents whose messages were not found on the target (they will be copied again).</summary>
    public void DropCopyIntents(long mailboxId, SyncSide source, IEnumerable<uint> sourceUids)
    {
        ArgumentNullException.ThrowIfNull(sourceUids);
        InTransaction(t =>
        {
            foreach (var uid in sourceUids)
            {
                DeleteIntent(t, mailboxId, source, uid);
            }
        });
    }

    /// <summary>Removes mapped pairs (by local UID) once both messages are gone, and commits.</summary>
    public void RemoveMappings(long mailboxId, IEnumerable<uint> localUids)
    {
        ArgumentNullException.ThrowIfNull(localUids);
        InTransaction(t =>
        {
            foreach (var uid in localUids)
            {
                Execute(t, "DELETE FROM imapsync_flags WHERE idx = $idx AND lUID = $l", ("$idx", mailboxId), ("$l", (long)uid));
                Execute(t, "DELETE FROM mapping WHERE idx = $idx AND lUID = $l", ("$idx", mailboxId), ("$l", (long)uid));
            }
        });
    }

    /// <summary>Records the flags both sides now agree on for these pairs, and commits.</summary>
    public void SetPairFlags(long mailboxId, IEnumerable<(uint LocalUid, string LocalFlags, string RemoteFlags)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        InTransaction(t =>
        {
            foreach (var (uid, localFlags, remoteFlags) in pairs)
            {
                Execute(
                    t,
                    "INSERT OR REPLACE INTO imapsync_flags (idx, lUID, lflags, rflags) VALUES ($idx, $l, $lf, $rf)",
                    ("$idx", mailboxId),
                    ("$l", (long)uid),
                    ("$lf", localFlags),
                    ("$rf", remoteFlags));
            }
        });
    }

    private void InsertPair(Microsoft.Data.Sqlite.SqliteTransaction transaction, long mailboxId, CompletedCopy pair)
    {
        Execute(transaction, "INSERT INTO mapping (idx, lUID, rUID) VALUES ($idx, $l, $r)", ("$idx", mailboxId), ("$l", (long)pair.LocalUid), ("$r", (long)pair.RemoteUid));
        Execute(
            transaction,
            "INSERT OR REPLACE INTO imapsync_flags (idx, lUID, lflags, rflags) VALUES ($idx, $l, $lf, $rf)",
            ("$idx", mailboxId),
            ("$l", (long)pair.LocalUid),
            ("$lf", pair.LocalFlags),
            ("$rf", pair.RemoteFlags));
    }

    private void InsertIntent(Microsoft.Data.Sqlite.SqliteTransaction transaction, long mailboxId, CopyIntent intent) =>
        Execute(
            transaction,
            "INSERT OR REPLACE INTO imapsync_copy_intent (idx, source, sourceUID, size, internaldate, messageid) VALUES ($idx, $src, $uid, $size, $date, $mid)",
            ("$idx", mailboxId),
            ("$src", intent.Source.Name()),
            ("$uid", (long)intent.SourceUid),
            ("$size", intent.Size),
            ("$date", intent.InternalDate),
            ("$mid", intent.MessageId));

    private void DeleteIntent(Microsoft.Data.Sqlite.SqliteTransaction transaction, long mailboxId, SyncSide source, uint uid) =>
        Execute(
            transaction,
            "DELETE FROM imapsync_copy_intent WHERE idx = $idx AND source = $src AND sourceUID = $uid",
            ("$idx", mailboxId),
            ("$src", source.Name()),
            ("$uid", (long)uid));
}
