using System.Text.RegularExpressions;

namespace ImapSync.Cli.Configuration;

/// <summary>A validated configuration file: the default-section keys and the two servers.</summary>
internal sealed record SyncConfig
{
    public required string FilePath { get; init; }

    /// <summary>Absolute path of the SQLite state database.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Absolute path of the log file, or null to log to standard error only.</summary>
    public string? LogFile { get; init; }

    public LogPrefixTemplate LogPrefix { get; init; } = LogPrefixTemplate.Default;

    /// <summary>LIST patterns; a NUL character stands for the hierarchy delimiter.</summary>
    public IReadOnlyList<string> ListMailbox { get; init; } = ["*"];

    /// <summary>LIST-EXTENDED selection options, upper case (e.g. SUBSCRIBED).</summary>
    public IReadOnlyList<string> ListSelectOptions { get; init; } = [];

    /// <summary>Matched against names with the reference removed and the delimiter replaced by NUL.</summary>
    public Regex? IgnoreMailbox { get; init; }

    /// <summary>The mass-expunge safety valve; null when <c>allow-mass-expunge = yes</c>.</summary>
    public Imap.Sync.MassExpungeLimit? MassExpungeLimit { get; init; } = Imap.Sync.MassExpungeLimit.Default;

    public required ServerConfig Local { get; init; }

    public required ServerConfig Remote { get; init; }

    /// <summary>Problems that do not stop the program (each names the file and line).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
