using Microsoft.Data.Sqlite;

namespace Imap.Sync.State;

/// <summary>
/// Turns SQLite's failures during a run into <see cref="SyncStateException"/>s that say what went wrong
/// with the database file and what to do, so callers never handle a storage engine's exception type.
/// What a failed transaction would have recorded is simply redone by the next run: state only advances
/// after the servers confirmed, and a rolled-back transaction recorded nothing.
/// </summary>
internal static class StateErrors
{
    // SQLite's primary result codes (the low byte of an extended code).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    private const string Redone = "nothing was lost: the step that failed is not recorded and the next run redoes it";

    public static SyncStateException Translate(SqliteException error, string path)
    {
        var message = (error.SqliteErrorCode & 0xFF) switch
        {
            Full => $"The disk holding the state database {path} is full; free some space and run again ({Redone}).",
            IoError or CantOpen => $"The state database {path} could not be read or written (I/O error: {error.Message}); check the disk and run again ({Redone}).",
            ReadOnly => $"The state database {path} cannot be written (read-only file or file system); make it writable and run again ({Redone}).",
            Corrupt or NotADatabase => $"The state database {path} is damaged ({error.Message}). Restore it from a backup; or move it away and run again: "
                + "a new database pairs the messages already on both servers by Message-ID, size and date instead of copying them.",
            Busy or Locked => $"The state database {path} is in use by another imapsync or interimap process.",
            _ => $"The state database {path} failed: {error.Message}",
        };
        return (error.SqliteErrorCode & 0xFF) is Busy or Locked
            ? new SyncStateLockedException(message, error)
            : new SyncStateException(message, error);
    }
}
