using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

// Mapping rows by UID, for passes that touch a few messages of a large mailbox: each query walks the
// (idx,lUID) or (idx,rUID) index for the UIDs asked about, so its cost follows the changes, not the mailbox.
public sealed partial class SyncStateStore
{
    /// <summary>
    /// The mapped pairs whose local UID is one of <paramref name="localUids"/> or whose remote UID is one of
    /// <paramref name="remoteUids"/>, with the flags last agreed when known, ordered by local UID.
    /// </summary>
    internal IReadOnlyList<MappedPair> GetMappings(long mailboxId, IEnumerable<uint> localUids, IEnumerable<uint> remoteUids)
    {
        ArgumentNullException.ThrowIfNull(localUids);
        ArgumentNullException.ThrowIfNull(remoteUids);
        return Read(() =>
        {
            using var command = Command(
                null,
                """
                SELECT m.lUID, m.rUID, f.lflags, f.rflags
                FROM json_each($l) u CROSS JOIN mapping m LEFT JOIN imapsync_flags f ON f.idx = m.idx AND f.lUID = m.lUID
                WHERE m.idx = $idx AND m.lUID = u.value
                UNION
                SELECT m.lUID, m.rUID, f.lflags, f.rflags
                FROM json_each($r) u CROSS JOIN mapping m LEFT JOIN imapsync_flags f ON f.idx = m.idx AND f.lUID = m.lUID
                WHERE m.idx = $idx AND m.rUID = u.value
                ORDER BY 1
                """,
                ("$idx", mailboxId),
                ("$l", JsonArray(localUids)),
                ("$r", JsonArray(remoteUids)));
            return ReadPairs(command);
        });
    }

    /// <summary>
    /// The UIDs of <paramref name="side"/> that are mapped and lie within one of <paramref name="ranges"/>
    /// (inclusive bounds, in either order), ascending. A range may span the whole UID space: only mapped UIDs are visited.
    /// </summary>
    internal IReadOnlyList<uint> GetMappedUids(long mailboxId, SyncSide side, IEnumerable<(uint First, uint Last)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var column = UidColumn(side);
        var json = new StringBuilder("[");
        foreach (var (first, last) in ranges)
        {
            var (low, high) = first <= last ? (first, last) : (last, first);
            json.Append(json.Length > 1 ? ",[" : "[").Append(low.ToString(CultureInfo.InvariantCulture)).Append(',').Append(high.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        json.Append(']');
        return Read(() =>
        {
            // CROSS JOIN keeps the ranges as the outer loop, so each range is one index range scan.
            using var command = Command(
                null,
                $"""
                SELECT DISTINCT m.{column}
                FROM json_each($ranges) r CROSS JOIN mapping m
                WHERE m.idx = $idx AND m.{column} BETWEEN json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]')
                ORDER BY 1
                """,
                ("$idx", mailboxId),
                ("$ranges", json.ToString()));
            using var reader = command.ExecuteReader();
            var result = new List<uint>();
            while (reader.Read())
            {
                result.Add((uint)reader.GetInt64(0));
            }

            return result;
        });
    }

    /// <summary>The highest mapped UID of <paramref name="side"/>, 0 when nothing is mapped.</summary>
    internal uint GetHighestMappedUid(long mailboxId, SyncSide side) => Read(() =>
    {
        using var command = Command(null, $"SELECT IFNULL(MAX({UidColumn(side)}), 0) FROM mapping WHERE idx = $idx", ("$idx", mailboxId));
        return (uint)Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    /// <summary>How many pairs the mailbox has mapped.</summary>
    internal int CountMappings(long mailboxId) => Read(() =>
    {
        using var command = Command(null, "SELECT COUNT(*) FROM mapping WHERE idx = $idx", ("$idx", mailboxId));
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    private static string UidColumn(SyncSide side) => side == SyncSide.Local ? "lUID" : "rUID";

    private static string JsonArray(IEnumerable<uint> uids) =>
        "[" + string.Join(',', uids.Select(u => u.ToString(CultureInfo.InvariantCulture))) + "]";

    private static List<MappedPair> ReadPairs(SqliteCommand command)
    {
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
    }
}
