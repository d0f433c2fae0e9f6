namespace ImapSync.Cli.Options;

/// <summary>What one run does; at most one of <c>--repair</c>, <c>--delete</c>, <c>--rename</c>.</summary>
internal enum SyncCommand
{
    Sync,
    Repair,
    Delete,
    Rename,
}
