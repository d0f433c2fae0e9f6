using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

// Small helpers shared by the query partials.
public sealed partial class SyncStateStore
{
    // One SQLite connection serves every mailbox worker: each public method holds this (re-entrant) lock.
    // Every access goes through InTransaction or Read, which translate SQLite's errors (StateErrors).
    private readonly object _gate = new();

    private void InTransaction(Action<SqliteTransaction> work)
    {
        lock (_gate)
        {
            try
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                work(transaction);
                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                throw StateErrors.Translate(ex, Path);
            }
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            try
            {
                return read();
            }
            catch (SqliteException ex)
            {
                throw StateErrors.Translate(ex, Path);
            }
        }
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private void Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    // A statement compiled once and run for each row of a batch: Execute in a loop would compile it
    // again for every message, which dominates a pass that writes thousands of rows.
    private PreparedStatement Prepare(SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = Command(transaction, sql);
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return new PreparedStatement(command);
    }

    private sealed class PreparedStatement(SqliteCommand command) : IDisposable
    {
        /// <summary>Runs the statement with these values, in the order the names were given.</summary>
        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        public void Dispose() => command.Dispose();
    }

    // Names are kept as the bytes of their modified UTF-7 form with NUL for the delimiter, like InterIMAP.
    private static byte[] NameToBlob(string name) => System.Text.Encoding.UTF8.GetBytes(name);

    private static string BlobToName(byte[] blob) => System.Text.Encoding.UTF8.GetString(blob);

    // InterIMAP writes HIGHESTMODSEQ as a signed 64-bit value and reads it back as unsigned.
    private static long ModSeqToDb(ulong value) => unchecked((long)value);

    private static ulong ModSeqFromDb(long value) => unchecked((ulong)value);
}
