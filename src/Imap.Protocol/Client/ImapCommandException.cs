using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>A command was answered with a tagged NO or BAD. The connection stays usable.</summary>
public sealed class ImapCommandException : Exception
{
    /// <summary>Creates an exception with no details.</summary>
    public ImapCommandException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ImapCommandException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ImapCommandException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a command's tagged reply.</summary>
    public ImapCommandException(string command, StatusResponse response)
        : base($"{command} failed: {response?.Status.ToString().ToUpperInvariant()} {Describe(response)}")
    {
        ArgumentNullException.ThrowIfNull(response);
        Command = command;
        Status = response.Status;
        Code = response.Code;
        ResponseText = response.Text;
    }

    /// <summary>The command's name, e.g. <c>UID STORE</c>.</summary>
    public string Command { get; } = "";

    /// <summary>NO or BAD.</summary>
    public ImapStatus Status { get; }

    /// <summary>The response code, e.g. TRYCREATE, OVERQUOTA; null when none.</summary>
    public ResponseCode? Code { get; }

    /// <summary>The server's human-readable text.</summary>
    public string ResponseText { get; } = "";

    private static string Describe(StatusResponse? response) =>
        response is null ? "" : (response.Code is null ? "" : $"[{response.Code}] ") + response.Text;
}
