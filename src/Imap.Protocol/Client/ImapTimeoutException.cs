using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

/// <summary>The server did not answer in time; the message names the command and what the client was doing.</summary>
public sealed class ImapTimeoutException : ImapConnectionException
{
    /// <summary>Creates an exception with no message.</summary>
    public ImapTimeoutException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ImapTimeoutException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ImapTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}
