using Imap.Sync;

namespace ImapSync.Cli.Options;

/// <summary>The parsed command line.</summary>
internal sealed record CliOptions
{
    /// <summary>The <c>--config</c> value as given (null: the default <c>config</c>).</summary>
    public string? ConfigFile { get; init; }

    public bool Quiet { get; init; }

    /// <summary>0: off; 1: protocol trace with credentials redacted; 2 or more: credentials shown.</summary>
    public int DebugLevel { get; init; }

    public SyncCommand Command { get; init; } = SyncCommand.Sync;

    public SyncTargets Targets { get; init; } = SyncTargets.All;

    /// <summary>Interval between syncs in watch mode, or null for a single run.</summary>
    public TimeSpan? WatchInterval { get; init; }

    public bool Notify { get; init; }

    public bool Json { get; init; }

    /// <summary><c>--allow-mass-expunge</c>: this run may expunge past the safety valve.</summary>
    public bool AllowMassExpunge { get; init; }

    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }

    /// <summary>Mailbox names or LIST patterns from the command line, INBOX normalised to upper case.</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];

    public bool IsWatching => WatchInterval is not null;
}
