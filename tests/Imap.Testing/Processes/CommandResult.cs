namespace Imap.Testing.Processes;

/// <summary>Outcome of a finished helper command.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);
