namespace Imap.Sync;

/// <summary>
/// A condition that stops the run (or, with <see cref="Mailbox"/> set, one mailbox), with a message for
/// the user that says what to do, e.g. a known mailbox missing on one side or a UIDVALIDITY change.
/// </summary>
public class SyncException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SyncException(string message, SyncSide? side = null, string? mailbox = null)
        : base(message)
    {
        Side = side;
        Mailbox = mailbox;
    }

    /// <summary>Creates the exception without a message.</summary>
    public SyncException()
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public SyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The side concerned, if any (<c>null</c> for the database).</summary>
    public SyncSide? Side { get; }

    /// <summary>The mailbox concerned, if any.</summary>
    public string? Mailbox { get; }
}
