namespace Imap.Protocol.Model;

/// <summary>
/// The server sent bytes that break IMAP framing or grammar, or exceed a limit. Fatal for the connection.
/// The message never contains more than a short escaped snippet of the input.
/// </summary>
public class ImapProtocolException : Exception
{
    /// <summary>Creates an exception with no detail.</summary>
    public ImapProtocolException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ImapProtocolException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ImapProtocolException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for input at <paramref name="offset"/> (bytes from the start of the stream).</summary>
    public ImapProtocolException(string message, long offset, string snippet)
        : base($"{message} at byte {offset}: {snippet}")
    {
        Offset = offset;
        Snippet = snippet;
    }

    /// <summary>Offset of the offending byte from the start of the stream, or -1 when unknown.</summary>
    public long Offset { get; } = -1;

    /// <summary>A short, escaped excerpt of the input around the offending byte.</summary>
    public string Snippet { get; } = string.Empty;
}
