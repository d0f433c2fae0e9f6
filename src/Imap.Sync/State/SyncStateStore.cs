using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

/// <summary>
/// The synchronization state: InterIMAP's database (tables <c>mailboxes</c>, <c>local</c>, <c>remote</c>,
/// <c>mapping</c>) plus our own tables. Holds SQLite's exclusive lock from <see cref="Open"/> to
/// <see cref="Dispose"/>, so a second run (of imapsync or interimap) fails fast.
/// </summary>
/// <remarks>
/// Crash-safety invariants the engine keeps through this store:
/// <list type="number">
/// <item>A mapping row pairs the same message on both sides: it is inserted only after the APPEND
/// succeeded and deleted only after the expunges, so a crash may leave a row whose messages are gone
/// (dropped by the next run), never a copied message with neither a row nor a copy intent.</item>
/// <item>A side's UIDNEXT advances only when every message below it has been copied and mapped.</item>
/// <item>A side's HIGHESTMODSEQ advances only when every change up to it has been applied on the other side.</item>
/// <item>A copy intent is committed before its APPEND and removed in the same transaction that inserts the
/// mapping, so a leftover intent marks an APPEND whose outcome must be looked up, never blindly repeated.</item>
/// </list>
/// </remarks>
public sealed partial class SyncStateStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private SyncStateStore(SqliteConnection connection, string path, int versionFound)
    {
        _connection = connection;
        Path = path;
        VersionFound = versionFound;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version the file had when opened (0 for a new file, 1 for InterIMAP's).</summary>
    public int VersionFound { get; }

    /// <summary>
    /// Opens (and, if <paramref name="createIfMissing"/>, creates with mode 0600) the database, takes the
    /// exclusive lock, and creates or upgrades the schema.
    /// </summary>
    /// <exception cref="SyncStateLockedException">Another process holds the database.</exception>
    /// <exception cref="SyncStateException">The file is missing, unreadable, or of an unknown schema.</exception>
    public static SyncStateStore Open(string path, bool createIfMissing = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new SyncStateException($"No such state database: {path}");
            }

            CreateEmptyPrivateFile(path);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 1,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Lock(connection, path);
            Pragma(connection, "foreign_keys = OFF");
            var found = StateSchema.Upgrade(connection);
            Pragma(connection, "foreign_keys = ON");
            // Statement journals (every write under a foreign key or OR REPLACE keeps one) in memory, in
            // 1 KiB chunks: otherwise each statement mallocs a 64 KiB spill buffer, several per message copied.
            Pragma(connection, "temp_store = MEMORY");
            return new SyncStateStore(connection, path, found);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw StateErrors.Translate(ex, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private static void CreateEmptyPrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
    }

    private static void Lock(SqliteConnection connection, string path)
    {
        // EXCLUSIVE before the first access: SQLite then keeps the file lock until the connection closes,
        // and in WAL mode uses no shared-memory file. The write below takes the lock right away.
        Pragma(connection, "locking_mode = EXCLUSIVE");
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new SyncStateException($"Cannot switch the state database {path} to WAL mode (got {mode}).");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var touch = connection.CreateCommand();
        touch.Transaction = transaction;
        touch.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(touch.ExecuteScalar(), CultureInfo.InvariantCulture);
        touch.CommandText = $"PRAGMA user_version = {version}";
        touch.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        command.ExecuteNonQuery();
    }
}
