namespace Imap.Sync;

/// <summary>Helpers on <see cref="SyncSide"/>.</summary>
internal static class SyncSideExtensions
{
    /// <summary>The other server.</summary>
    public static SyncSide Other(this SyncSide side) => side == SyncSide.Local ? SyncSide.Remote : SyncSide.Local;

    /// <summary>InterIMAP's lower-case name, also used in the database.</summary>
    public static string Name(this SyncSide side) => side == SyncSide.Local ? "local" : "remote";
}
