namespace ImapSync.Cli.Running;

/// <summary>An error already phrased for the user, with the exit code it maps to.</summary>
internal sealed class CliFailure : Exception
{
    public CliFailure(int exitCode, string message, Exception? innerException = null) : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CliFailure()
    {
    }

    public CliFailure(string message) : base(message)
    {
    }

    public CliFailure(string message, Exception innerException) : base(message, innerException)
    {
    }

    public int ExitCode { get; } = Options.ExitCodes.SyncError;
}
