namespace Imap.Protocol.Transport;

/// <summary>The connection could not be set up or was lost (TCP, proxy, tunnel, TLS, timeouts).</summary>
public class ImapConnectionException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ImapConnectionException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ImapConnectionException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ImapConnectionException(string message, Exception innerException) : base(message, innerException) { }
}
