namespace ImapSync.Cli.Options;

/// <summary>Where <c>--delete</c> and <c>--rename</c> act (<c>--target</c>).</summary>
[Flags]
internal enum SyncTargets
{
    None = 0,
    Local = 1,
    Remote = 2,
    Database = 4,
    All = Local | Remote | Database,
}
