namespace Imap.Sync.State;

/// <summary>The state database cannot be used: locked, damaged, or of an unknown version.</summary>
public class SyncStateException : Exception
{
    /// <summary>Creates the exception with a message meant for the user.</summary>
    public SyncStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message meant for the user and its cause.</summary>
    public SyncStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public SyncStateException()
    {
    }
}
