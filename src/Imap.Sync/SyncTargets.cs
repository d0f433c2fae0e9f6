namespace Imap.Sync;

/// <summary><c>--target</c>: where delete and rename apply.</summary>
[Flags]
public enum SyncTargets
{
    /// <summary>Nowhere.</summary>
    None = 0,

    /// <summary>The local server.</summary>
    Local = 1,

    /// <summary>The remote server.</summary>
    Remote = 2,

    /// <summary>The state database.</summary>
    Database = 4,

    /// <summary>All three (the default).</summary>
    All = Local | Remote | Database,
}
