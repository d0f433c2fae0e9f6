namespace Imap.Sync.State;

// Each server's id of a mapped message (`imapsync_emailid`), recorded with the pair.
public sealed partial class SyncStateStore
{
    /// <summary>
    /// The id <paramref name="side"/>'s server gave the message of each pair among <paramref name="localUids"/>
    /// (by local UID), for the pairs where one was recorded.
    /// </summary>
    internal Dictionary<uint, string> GetEmailIds(long mailboxId, SyncSide side, IEnumerable<uint> localUids)
    {
        ArgumentNullException.ThrowIfNull(localUids);
        var column = side == SyncSide.Local ? "lemailid" : "remailid";
        return Read(() =>
        {
            using var command = Command(
                null,
                $"""
                SELECT e.lUID, e.{column}
                FROM json_each($l) u CROSS JOIN imapsync_emailid e
                WHERE e.idx = $idx AND e.lUID = u.value AND e.{column} IS NOT NULL
                """,
                ("$idx", mailboxId),
                ("$l", JsonArray(localUids)));
            using var reader = command.ExecuteReader();
            var result = new Dictionary<uint, string>();
            while (reader.Read())
            {
                result[(uint)reader.GetInt64(0)] = reader.GetString(1);
            }

            return result;
        });
    }

    /// <summary>
    /// Records, and commits, the id <paramref name="side"/>'s server gave each of these mapped messages
    /// (by that side's UID); UIDs no longer mapped are passed over.
    /// </summary>
    internal void SetEmailIds(long mailboxId, SyncSide side, IEnumerable<(uint Uid, string EmailId)> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var (uidColumn, idColumn) = side == SyncSide.Local ? ("lUID", "lemailid") : ("rUID", "remailid");
        InTransaction(t =>
        {
            using var upsert = Prepare(
                t,
                $"""
                INSERT INTO imapsync_emailid (idx, lUID, {idColumn}) SELECT idx, lUID, $id FROM mapping WHERE idx = $idx AND {uidColumn} = $uid
                ON CONFLICT (idx, lUID) DO UPDATE SET {idColumn} = excluded.{idColumn}
                """,
                "$idx",
                "$uid",
                "$id");
            foreach (var (uid, id) in ids)
            {
                upsert.Run(mailboxId, (long)uid, id);
            }
        });
    }
}
