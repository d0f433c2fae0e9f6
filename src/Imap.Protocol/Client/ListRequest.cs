namespace Imap.Protocol.Client;

/// <summary>A LIST command, with LIST-EXTENDED selection and return options when set.</summary>
public sealed class ListRequest
{
    /// <summary>Reference name (usually empty).</summary>
    public string Reference { get; init; } = "";

    /// <summary>Mailbox patterns (Unicode; <c>*</c> and <c>%</c> are wildcards). Several need LIST-EXTENDED.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = ["*"];

    /// <summary>Selection options such as SUBSCRIBED, REMOTE, RECURSIVEMATCH (LIST-EXTENDED); printable ASCII only.</summary>
    public IReadOnlyList<string> SelectionOptions { get; init; } = [];

    /// <summary>RETURN (SUBSCRIBED).</summary>
    public bool ReturnSubscribed { get; init; }

    /// <summary>RETURN (CHILDREN).</summary>
    public bool ReturnChildren { get; init; }

    /// <summary>RETURN (STATUS (...)) (LIST-STATUS); None for no status.</summary>
    public StatusItems ReturnStatus { get; init; }
}
