namespace ImapSync.Cli.Options;

/// <summary>The program's exit codes; documented in <c>--help</c> and the README. Never renumber them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything synchronized; also <c>--help</c>, <c>--version</c>, and a clean stop on SIGTERM.</summary>
    public const int Success = 0;

    /// <summary>The synchronization failed: a server refused a command, broke the protocol, or the database failed.</summary>
    public const int SyncError = 1;

    /// <summary>Bad command line or configuration file; nothing was changed.</summary>
    public const int UsageOrConfig = 2;

    /// <summary>A server could not be reached, TLS failed, or login was refused.</summary>
    public const int ConnectionOrAuth = 3;

    /// <summary>A mailbox needs the user's decision (e.g. it vanished on one side): see <c>--delete</c>, <c>--rename</c>, <c>--repair</c>.</summary>
    public const int NeedsDecision = 4;

    /// <summary>Another instance holds the database lock.</summary>
    public const int Locked = 5;

    /// <summary>A bug: an unexpected exception.</summary>
    public const int InternalError = 70;

    /// <summary>Stopped by SIGINT (Ctrl-C) after finishing and committing the step in progress.</summary>
    public const int Interrupted = 130;
}
