namespace Imap.Protocol.Transport;

/// <summary>
/// TLS could not start: the server refused STARTTLS, the handshake failed, or the server certificate
/// was refused (chain, purpose, host name or pin).
/// </summary>
public sealed class ImapTlsException : ImapConnectionException
{
    /// <summary>Creates an exception with no message.</summary>
    public ImapTlsException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ImapTlsException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ImapTlsException(string message, Exception innerException) : base(message, innerException) { }
}
