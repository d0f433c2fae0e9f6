namespace ImapSync.Cli.Configuration;

/// <summary>How a server is reached (<c>type</c> key).</summary>
internal enum ServerType
{
    /// <summary>TCP, port 143, upgraded with STARTTLS unless <c>STARTTLS = NO</c>.</summary>
    Imap,

    /// <summary>TCP with TLS from the first byte, port 993.</summary>
    Imaps,

    /// <summary>A local command speaking IMAP on its stdin/stdout (<c>command</c> key).</summary>
    Tunnel,
}
