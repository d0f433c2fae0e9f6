namespace Imap.Sync.State;

// The personal namespace prefix each side's names were stored without (schema v4).
public sealed partial class SyncStateStore
{
    /// <summary>
    /// The personal namespace prefix recorded for a side (wire form; may be empty), or null when none was
    /// recorded: names from that side are then stored exactly as listed, as InterIMAP does.
    /// </summary>
    internal string? GetNamespacePrefix(SyncSide side) =>
        Read(() =>
        {
            using var command = Command(null, "SELECT prefix FROM imapsync_namespace WHERE side = $side", ("$side", side.Name()));
            return command.ExecuteScalar() is byte[] blob ? BlobToName(blob) : null;
        });

    /// <summary>Records (and commits) the personal namespace prefix of each given side.</summary>
    internal void SetNamespacePrefixes(IReadOnlyList<(SyncSide Side, string Prefix)> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        InTransaction(t =>
        {
            foreach (var (side, prefix) in prefixes)
            {
                Execute(t, "INSERT OR REPLACE INTO imapsync_namespace (side, prefix) VALUES ($side, $prefix)", ("$side", side.Name()), ("$prefix", NameToBlob(prefix)));
            }
        });
    }

    /// <summary>True when the database knows at least one mailbox.</summary>
    internal bool HasMailboxes() =>
        Read(() =>
        {
            using var command = Command(null, "SELECT EXISTS (SELECT 1 FROM mailboxes)");
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
        });

    // Our token for the hand-back guard (schema v4), present only inside our own transaction.
    private void AsImapsync(Microsoft.Data.Sqlite.SqliteTransaction transaction, Action write)
    {
        Execute(transaction, "INSERT INTO imapsync_writer (token) VALUES (1)");
        write();
        Execute(transaction, "DELETE FROM imapsync_writer");
    }
}
