namespace Imap.Protocol.Client;

/// <summary>
/// Authentication could not even be attempted or completed on the client side: no usable mechanism,
/// logins disabled, or a SASL exchange the client had to abort. A wrong password is an
/// <see cref="ImapCommandException"/> (the server's NO).
/// </summary>
public sealed class ImapAuthenticationException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ImapAuthenticationException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ImapAuthenticationException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ImapAuthenticationException(string message, Exception innerException) : base(message, innerException) { }
}
