namespace Imap.Sync.Ports;

/// <summary>
/// A LIST command: reference, patterns (wire form), LIST-EXTENDED selection options, and which RETURN
/// options to ask for (honoured only where offered).
/// </summary>
public sealed record MailboxListQuery(
    string Reference,
    IReadOnlyList<string> Patterns,
    IReadOnlyList<string> SelectionOptions,
    bool ReturnSubscribed,
    bool ReturnStatus);
