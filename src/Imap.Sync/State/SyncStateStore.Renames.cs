using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

// Mailbox renames: the rows of `mailboxes`, the rename journal (imapsync_rename) and the MAILBOXIDs that identify a renamed mailbox.
public sealed partial class SyncStateStore
{
    /// <summary>
    /// Renames a mailbox and its inferiors (names starting with <paramref name="from"/> and NUL), commits,
    /// and returns how many rows changed.
    /// </summary>
    internal int RenameMailbox(string from, string to)
    {
        var changed = 0;
        var mailboxes = GetMailboxes();
        InTransaction(t => changed = RenameRows(t, mailboxes, from, to));
        return changed;
    }

    /// <summary>The MAILBOXID (RFC 8474) each side last reported for each mailbox, by mailbox row and side.</summary>
    internal IReadOnlyDictionary<(long MailboxId, SyncSide Side), string> GetMailboxObjectIds()
    {
        return Read(() =>
        {
            using var command = Command(null, "SELECT idx, side, mailboxid FROM imapsync_objectid");
            using var reader = command.ExecuteReader();
            var result = new Dictionary<(long, SyncSide), string>();
            while (reader.Read())
            {
                result[(reader.GetInt64(0), reader.GetString(1) == "local" ? SyncSide.Local : SyncSide.Remote)] = reader.GetString(2);
            }

            return result;
        });
    }

    /// <summary>Records, and commits, the MAILBOXIDs a side reported (replacing the ones stored).</summary>
    internal void SetMailboxObjectIds(IReadOnlyList<(long MailboxId, SyncSide Side, string ObjectId)> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        InTransaction(t =>
        {
            using var upsert = Prepare(t, "INSERT OR REPLACE INTO imapsync_objectid (idx, side, mailboxid) VALUES ($idx, $side, $id)", "$idx", "$side", "$id");
            foreach (var (mailboxId, side, objectId) in ids)
            {
                upsert.Run(mailboxId, side.Name(), objectId);
            }
        });
    }

    /// <summary>Records, and commits, a rename about to be replayed on <see cref="RenameIntent.Side"/>.</summary>
    internal void RecordRenameIntent(RenameIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        InTransaction(t => Execute(
            t,
            "INSERT OR REPLACE INTO imapsync_rename (side, source, target) VALUES ($side, $source, $target)",
            ("$side", intent.Side.Name()),
            ("$source", NameToBlob(intent.Source)),
            ("$target", NameToBlob(intent.Target))));
    }

    /// <summary>Renames that were journaled and not completed (a run stopped between the two).</summary>
    internal IReadOnlyList<RenameIntent> GetRenameIntents()
    {
        return Read(() =>
        {
            using var command = Command(null, "SELECT side, source, target FROM imapsync_rename ORDER BY side, source");
            using var reader = command.ExecuteReader();
            var result = new List<RenameIntent>();
            while (reader.Read())
            {
                var side = reader.GetString(0) == "local" ? SyncSide.Local : SyncSide.Remote;
                result.Add(new RenameIntent(side, BlobToName((byte[])reader.GetValue(1)), BlobToName((byte[])reader.GetValue(2))));
            }

            return result;
        });
    }

    /// <summary>
    /// Renames the rows of <see cref="RenameIntent.Source"/> and its inferiors to
    /// <see cref="RenameIntent.Target"/> and clears the intent, in one commit; returns how many rows changed.
    /// </summary>
    internal int CompleteRename(RenameIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var changed = 0;
        var mailboxes = GetMailboxes();
        InTransaction(t =>
        {
            changed = RenameRows(t, mailboxes, intent.Source, intent.Target);
            DeleteIntent(t, intent);
        });
        return changed;
    }

    /// <summary>Clears a rename intent without touching the rows (the rename is decided again).</summary>
    internal void DropRenameIntent(RenameIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        InTransaction(t => DeleteIntent(t, intent));
    }

    private void DeleteIntent(SqliteTransaction transaction, RenameIntent intent) =>
        Execute(
            transaction,
            "DELETE FROM imapsync_rename WHERE side = $side AND source = $source",
            ("$side", intent.Side.Name()),
            ("$source", NameToBlob(intent.Source)));

    private int RenameRows(SqliteTransaction transaction, IReadOnlyList<StoredMailbox> mailboxes, string from, string to)
    {
        var changed = 0;
        foreach (var mailbox in mailboxes)
        {
            string? newName = null;
            if (string.Equals(mailbox.Name, from, StringComparison.Ordinal))
            {
                newName = to;
            }
            else if (mailbox.Name.StartsWith(from + "\0", StringComparison.Ordinal))
            {
                newName = to + mailbox.Name[from.Length..];
            }

            if (newName is not null)
            {
                AsImapsync(transaction, () => Execute(transaction, "UPDATE mailboxes SET mailbox = $name WHERE idx = $idx", ("$name", NameToBlob(newName)), ("$idx", mailbox.Id)));
                changed++;
            }
        }

        return changed;
    }
}
