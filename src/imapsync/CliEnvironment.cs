namespace ImapSync.Cli;

/// <summary>What the program touches outside itself, so tests can run it in-process.</summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>True when standard error is a terminal: the live progress line is shown.</summary>
    public bool ErrorIsTerminal { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How often progress is logged as plain lines when standard error is not a terminal.</summary>
    public TimeSpan ProgressLogInterval { get; init; } = Output.ProgressLog.DefaultInterval;

    public static CliEnvironment FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        GetVariable = Environment.GetEnvironmentVariable,
        ErrorIsTerminal = !Console.IsErrorRedirected,
    };
}
