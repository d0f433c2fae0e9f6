namespace Imap.Protocol.Transport;

/// <summary>What happens to the standard error of a tunnel command.</summary>
public enum TunnelStderr
{
    /// <summary>The child's stderr is our stderr.</summary>
    PassThrough,

    /// <summary>The child's stderr is read and thrown away.</summary>
    Discard,
}
