namespace ImapSync.Cli.Configuration;

/// <summary>A SOCKS5 proxy from the <c>proxy</c> key (<c>socks5://</c> or <c>socks5h://[user:pass@]host[:port]</c>).</summary>
/// <param name="ResolveRemotely">True for <c>socks5h</c>: the proxy resolves the server's host name.</param>
/// <param name="Uri">The value as written, for the transport.</param>
internal sealed record ProxySettings(string Host, int Port, bool ResolveRemotely, string? Username, string? Password, Uri Uri)
{
    public override string ToString() =>
        $"{(ResolveRemotely ? "socks5h" : "socks5")}://{(Username is null ? "" : Username + ":[REDACTED]@")}{Host}:{Port}";
}
