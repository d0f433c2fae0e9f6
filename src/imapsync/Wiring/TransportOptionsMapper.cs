using System.Net.Security;
using System.Security.Authentication;
using Imap.Protocol.Transport;
using ImapSync.Cli.Configuration;

namespace ImapSync.Cli.Wiring;

/// <summary>Maps one server section of the configuration to the IMAP library's transport options.</summary>
internal static class TransportOptionsMapper
{
    // SslProtocols.Ssl3/Tls/Tls11 are obsolete in .NET; their values are still what SslStream expects.
    private const SslProtocols Ssl3 = (SslProtocols)0x30;
    private const SslProtocols Tls10 = (SslProtocols)0xC0;
    private const SslProtocols Tls11 = (SslProtocols)0x300;

    private static readonly (string Name, SslProtocols Value)[] Versions =
    [
        ("SSLv3", Ssl3), ("TLSv1", Tls10), ("TLSv1.1", Tls11), ("TLSv1.2", SslProtocols.Tls12), ("TLSv1.3", SslProtocols.Tls13),
    ];

    /// <param name="watching">Long-lived mode: TCP keepalive after 60 s idle, as InterIMAP does.</param>
    /// <param name="debugLevel">With --debug the tunnel's stderr is kept even when null-stderr is set.</param>
    /// <param name="warn">Receives settings that cannot be honoured exactly.</param>
    public static ImapTransportOptions Map(ServerConfig server, bool watching, int debugLevel, Action<string> warn)
    {
        var (minimum, maximum) = ProtocolRange(server, warn);
        return new ImapTransportOptions
        {
            Host = server.HostIsIpLiteral ? $"[{server.Host}]" : server.Host,
            Port = server.Port,
            Security = server.Type switch
            {
                ServerType.Imaps => ImapSecurity.Tls,
                ServerType.Imap when server.StartTls => ImapSecurity.StartTls,
                _ => ImapSecurity.None,
            },
            Tls = new ImapTlsOptions
            {
                VerifyCertificate = server.SslVerify,
                CaFile = server.SslCAFile,
                CaDirectory = server.SslCAPath,
                PinnedPublicKeys = [.. server.SslFingerprints.Select(p => $"{p.Algorithm}${Convert.ToHexString(p.Digest.Span)}")],
                ServerName = server.SslHostname,
                MinimumProtocol = minimum,
                MaximumProtocol = maximum,
                CipherSuites = CipherSuites(server, warn),
            },
            Proxy = server.Type == ServerType.Tunnel ? null : server.Proxy?.Uri,
            TunnelCommand = server.Type == ServerType.Tunnel ? server.Command : null,
            TunnelStderr = server.NullStderr && debugLevel == 0 ? TunnelStderr.Discard : TunnelStderr.PassThrough,
            TcpKeepAlive = watching && server.Type != ServerType.Tunnel ? TimeSpan.FromSeconds(60) : null,
        };
    }

    private static (SslProtocols? Minimum, SslProtocols? Maximum) ProtocolRange(ServerConfig server, Action<string> warn)
    {
        if (server.SslProtocolMin is not null || server.SslProtocolMax is not null || server.SslProtocols.Count == 0)
        {
            return (Version(server.SslProtocolMin), Version(server.SslProtocolMax));
        }

        // Deprecated SSL_protocols: "!X" excludes X; plain names list what is allowed.
        var listed = server.SslProtocols.Where(p => !p.StartsWith('!')).ToHashSet(StringComparer.Ordinal);
        var excluded = server.SslProtocols.Where(p => p.StartsWith('!')).Select(p => p[1..]).ToHashSet(StringComparer.Ordinal);
        var allowed = Versions.Select(v => (listed.Count == 0 || listed.Contains(v.Name)) && !excluded.Contains(v.Name)).ToArray();
        if (Array.LastIndexOf(allowed, true) is var last && last < 0)
        {
            return (null, null);
        }

        // A min/max range has no holes: keep the highest unbroken run, so "!TLSv1.2" means TLS 1.3
        // only rather than a range from SSLv3 to TLS 1.3 that lets TLS 1.2 back in.
        var first = Array.LastIndexOf(allowed, false, last) + 1;
        var dropped = Versions.Take(first).Where((_, i) => allowed[i]).Select(v => v.Name).ToList();
        if (dropped.Count > 0)
        {
            warn($"SSL_protocols: a protocol range cannot skip a version; using {Versions[first].Name} to {Versions[last].Name}, without {string.Join(", ", dropped)}");
        }

        return (Versions[first].Value, Versions[last].Value);
    }

    private static SslProtocols? Version(string? name) =>
        name is null ? null : Versions.First(v => v.Name == name).Value;

    /// <summary>
    /// .NET takes IANA suite names only. SSL_ciphersuites (TLS 1.3) already uses them; SSL_cipherlist
    /// is OpenSSL syntax, so only its IANA-named entries can be honoured, and anything else is reported.
    /// </summary>
    private static List<TlsCipherSuite> CipherSuites(ServerConfig server, Action<string> warn)
    {
        var suites = new List<TlsCipherSuite>();
        foreach (var (key, value) in new[] { ("SSL_cipherlist", server.SslCipherList), ("SSL_ciphersuites", server.SslCipherSuites) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var unknown = new List<string>();
            foreach (var name in value.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite) && name.StartsWith("TLS_", StringComparison.Ordinal))
                {
                    suites.Add(suite);
                }
                else
                {
                    unknown.Add(name);
                }
            }

            if (unknown.Count > 0)
            {
                warn($"{server.Name}: {key}: ignoring '{string.Join(':', unknown)}': only IANA cipher suite names (e.g. TLS_AES_256_GCM_SHA384) are supported");
            }
        }

        return suites;
    }
}
