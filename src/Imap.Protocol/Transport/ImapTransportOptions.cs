namespace Imap.Protocol.Transport;

/// <summary>Where and how to reach an IMAP server.</summary>
public sealed class ImapTransportOptions
{
    /// <summary>Host name or IP literal (brackets allowed around IPv6).</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>TCP port; 0 picks 993 for <see cref="ImapSecurity.Tls"/> and 143 otherwise.</summary>
    public int Port { get; init; }

    /// <summary>TLS mode for TCP connections (ignored by tunnels).</summary>
    public ImapSecurity Security { get; init; } = ImapSecurity.Tls;

    /// <summary>TLS settings for imaps and STARTTLS.</summary>
    public ImapTlsOptions Tls { get; init; } = new();

    /// <summary>SOCKS5 proxy, <c>socks5://[user:pass@]host[:port]</c> or <c>socks5h://…</c>; null for none.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>
    /// Tunnel command: when set, IMAP is spoken on this command's stdin/stdout instead of TCP
    /// (run by <c>/bin/sh -c</c> if it has shell metacharacters, else split into words).
    /// </summary>
    public string? TunnelCommand { get; init; }

    /// <summary>What happens to the tunnel command's stderr.</summary>
    public TunnelStderr TunnelStderr { get; init; } = TunnelStderr.PassThrough;

    /// <summary>Time allowed to connect (TCP, proxy and TLS handshake together).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time before TCP keepalive probes start; null leaves keepalive off.</summary>
    public TimeSpan? TcpKeepAlive { get; init; }

    /// <summary>The port actually used.</summary>
    public int EffectivePort => Port != 0 ? Port : Security == ImapSecurity.Tls ? 993 : 143;

    /// <summary>The host without IPv6 brackets.</summary>
    public string BareHost => Host.Length > 1 && Host[0] == '[' && Host[^1] == ']' ? Host[1..^1] : Host;
}
