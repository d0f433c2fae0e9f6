namespace Imap.Sync.State;

/// <summary>Another process (imapsync or interimap) holds the state database.</summary>
public sealed class SyncStateLockedException : SyncStateException
{
    /// <summary>Creates the exception with a message meant for the user.</summary>
    public SyncStateLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message meant for the user.</summary>
    public SyncStateLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public SyncStateLockedException()
    {
    }
}
