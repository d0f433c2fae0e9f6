namespace Imap.Sync.Ports;

/// <summary>
/// A server refused one command (tagged NO or BAD) while the connection stays usable. Adapters throw
/// this so the engine can tell a refused CREATE or APPEND from a lost connection.
/// </summary>
public class MailServerCommandException : Exception
{
    /// <summary>Creates the exception with the server's text.</summary>
    public MailServerCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the server's text and the adapter's exception.</summary>
    public MailServerCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public MailServerCommandException()
    {
    }
}
