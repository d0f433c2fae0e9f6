namespace Imap.Sync;

/// <summary>One of the two servers being synchronized (InterIMAP's names).</summary>
public enum SyncSide
{
    /// <summary>The <c>[local]</c> server.</summary>
    Local,

    /// <summary>The <c>[remote]</c> server.</summary>
    Remote,
}
