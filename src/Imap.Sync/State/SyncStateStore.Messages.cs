using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

// Message rows: `mapping`, `imapsync_flags`, `imapsync_copy_intent`.
public sealed partial class SyncStateStore
{
    /// <summary>All mapped pairs of a mailbox, with the flags last agreed when known.</summary>
    internal IReadOnlyList<MappedPair> GetMappings(long mailboxId)
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
            return ReadPairs(command);
        });
    }

    /// <summary>
    /// Records, and commits, the intent to copy these messages before they are appended. A pair still
    /// mapping a source UID (a copy back: its counterpart is gone) is dropped in the same commit, so a
    /// message the APPEND lands at cannot be mistaken for that stale pair's after a crash; the intent
    /// keeps the source message from being forgotten.
    /// </summary>
    internal void RecordCopyIntents(long mailboxId, IReadOnlyList<CopyIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        InTransaction(t =>
        {
            UnmapAny(t, mailboxId, "lUID", intents.Where(i => i.Source == SyncSide.Local).Select(i => i.SourceUid));
            UnmapAny(t, mailboxId, "rUID", intents.Where(i => i.Source == SyncSide.Remote).Select(i => i.SourceUid));
            RecordIntents(t, mailboxId, intents);
        });
    }

    /// <summary>Copy intents left over by an interrupted run.</summary>
    internal IReadOnlyList<CopyIntent> GetCopyIntents(long mailboxId)
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
    internal void CompleteCopies(long mailboxId, SyncSide source, IReadOnlyList<CompletedCopy> copies)
    {
        ArgumentNullException.ThrowIfNull(copies);
        InTransaction(t => CompleteCopies(t, mailboxId, source, copies));
    }

    private void CompleteCopies(SqliteTransaction t, long mailboxId, SyncSide source, IReadOnlyList<CompletedCopy> copies)
    {
        // A re-copy (the old copy vanished from a restored server) replaces the stale pair; the old
        // pair's id row goes with it (ON DELETE CASCADE).
        UnmapAny(t, mailboxId, "lUID", copies.Select(c => c.LocalUid));
        UnmapAny(t, mailboxId, "rUID", copies.Select(c => c.RemoteUid));
        using var insertPair = PrepareInsertPair(t);
        using var setFlags = PrepareSetFlags(t);
        using var setIds = Prepare(t, "INSERT INTO imapsync_emailid (idx, lUID, lemailid, remailid) VALUES ($idx, $l, $le, $re)", "$idx", "$l", "$le", "$re");
        foreach (var copy in copies)
        {
            insertPair.Run(mailboxId, (long)copy.LocalUid, (long)copy.RemoteUid);
            setFlags.Run(mailboxId, (long)copy.LocalUid, copy.LocalFlags, copy.RemoteFlags);
            if (copy.LocalEmailId is not null || copy.RemoteEmailId is not null)
            {
                setIds.Run(mailboxId, (long)copy.LocalUid, copy.LocalEmailId, copy.RemoteEmailId);
            }
        }

        DeleteIntents(t, mailboxId, source, copies.Select(c => c.Uid(source)));
    }

    /// <summary>Removes copy intents whose messages were not found on the target (they will be copied again).</summary>
    internal void DropCopyIntents(long mailboxId, SyncSide source, IEnumerable<uint> sourceUids)
    {
        ArgumentNullException.ThrowIfNull(sourceUids);
        InTransaction(t => DeleteIntents(t, mailboxId, source, sourceUids));
    }

    /// <summary>Removes mapped pairs (by local UID) once both messages are gone, and commits.</summary>
    internal void RemoveMappings(long mailboxId, IEnumerable<uint> localUids)
    {
        ArgumentNullException.ThrowIfNull(localUids);
        InTransaction(t => RemoveMappings(t, mailboxId, localUids));
    }

    private void RemoveMappings(SqliteTransaction t, long mailboxId, IEnumerable<uint> localUids) => UnmapAny(t, mailboxId, "lUID", localUids);

    /// <summary>Records the flags both sides now agree on for these pairs, and commits.</summary>
    internal void SetPairFlags(long mailboxId, IEnumerable<(uint LocalUid, string LocalFlags, string RemoteFlags)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        InTransaction(t =>
        {
            using var setFlags = PrepareSetFlags(t);
            foreach (var (uid, localFlags, remoteFlags) in pairs)
            {
                setFlags.Run(mailboxId, (long)uid, localFlags, remoteFlags);
            }
        });
    }

    // Deletes the pairs whose `column` (lUID or rUID) is one of `uids`, their flags first: two statements
    // for a whole batch, where one per message cost as much as the rest of the batch's writes (binding
    // and stepping a statement is most of the cost of a one-row write).
    private void UnmapAny(SqliteTransaction transaction, long mailboxId, string column, IEnumerable<uint> uids)
    {
        var json = JsonArray(uids);
        if (json.Length > 2)
        {
            var where = $"idx = $idx AND {column} IN (SELECT value FROM json_each($uids))";
            Execute(transaction, $"DELETE FROM imapsync_flags WHERE idx = $idx AND lUID IN (SELECT lUID FROM mapping WHERE {where})", ("$idx", mailboxId), ("$uids", json));
            Execute(transaction, $"DELETE FROM mapping WHERE {where}", ("$idx", mailboxId), ("$uids", json));
        }
    }

    // The copy intents of these source UIDs, in one statement.
    private void DeleteIntents(SqliteTransaction transaction, long mailboxId, SyncSide source, IEnumerable<uint> sourceUids) =>
        Execute(
            transaction,
            "DELETE FROM imapsync_copy_intent WHERE idx = $idx AND source = $src AND sourceUID IN (SELECT value FROM json_each($uids))",
            ("$idx", mailboxId),
            ("$src", source.Name()),
            ("$uids", JsonArray(sourceUids)));

    private void RecordIntents(SqliteTransaction transaction, long mailboxId, IEnumerable<CopyIntent> intents)
    {
        using var insert = Prepare(
            transaction,
            "INSERT OR REPLACE INTO imapsync_copy_intent (idx, source, sourceUID, size, internaldate, messageid) VALUES ($idx, $src, $uid, $size, $date, $mid)",
            "$idx",
            "$src",
            "$uid",
            "$size",
            "$date",
            "$mid");
        foreach (var intent in intents)
        {
            insert.Run(mailboxId, intent.Source.Name(), (long)intent.SourceUid, intent.Size, intent.InternalDate, intent.MessageId);
        }
    }

    private PreparedStatement PrepareInsertPair(SqliteTransaction transaction) =>
        Prepare(transaction, "INSERT INTO mapping (idx, lUID, rUID) VALUES ($idx, $l, $r)", "$idx", "$l", "$r");

    private PreparedStatement PrepareSetFlags(SqliteTransaction transaction) =>
        Prepare(transaction, "INSERT OR REPLACE INTO imapsync_flags (idx, lUID, lflags, rflags) VALUES ($idx, $l, $lf, $rf)", "$idx", "$l", "$lf", "$rf");

    private PreparedStatement PrepareDeleteIntent(SqliteTransaction transaction) =>
        Prepare(transaction, "DELETE FROM imapsync_copy_intent WHERE idx = $idx AND source = $src AND sourceUID = $uid", "$idx", "$src", "$uid");
}
