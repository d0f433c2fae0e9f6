namespace Imap.Protocol.Auth;

/// <summary>A SASL exchange went wrong on the client side (bad challenge, server proof mismatch).</summary>
public sealed class SaslException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public SaslException() { }

    /// <summary>Creates an exception with a message.</summary>
    public SaslException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SaslException(string message, Exception innerException) : base(message, innerException) { }
}
