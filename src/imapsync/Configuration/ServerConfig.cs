using Imap.Sync;

namespace ImapSync.Cli.Configuration;

/// <summary>The effective settings of <c>[local]</c> or <c>[remote]</c> after inheritance from the default section.</summary>
internal sealed class ServerConfig
{
    /// <summary><c>local</c> or <c>remote</c>.</summary>
    public required string Name { get; init; }

    public ServerType Type { get; init; } = ServerType.Imaps;

    /// <summary>Host name or IP address, without the brackets of an <c>[IP]</c> literal.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>True when <c>host</c> was written <c>[IP]</c>: no name resolution is done.</summary>
    public bool HostIsIpLiteral { get; init; }

    public int Port { get; init; }

    public ProxySettings? Proxy { get; init; }

    /// <summary>The tunnel command (run with <c>/bin/sh -c</c>).</summary>
    public string? Command { get; init; }

    public bool StartTls { get; init; } = true;

    /// <summary>Authentication mechanisms in order of preference, upper case.</summary>
    public IReadOnlyList<string> Auth { get; init; } = ["PLAIN", "LOGIN"];

    public string? Username { get; init; }

    public SecretSource? Password { get; init; }

    public SecretSource? OAuthToken { get; init; }

    public CompressMode Compress { get; init; }

    public bool NullStderr { get; init; }

    /// <summary>
    /// Most connections a run opens to this server (<c>max-connections</c>, our own key), i.e. how many
    /// mailboxes are synchronized at once. Defaults: 4 over the network, 2 for a tunnel (each
    /// connection spawns another command).
    /// </summary>
    public int MaxConnections { get; init; } = 4;

    /// <summary>Deprecated <c>SSL_protocols</c>, kept as written; ignored when a min or max is set.</summary>
    public IReadOnlyList<string> SslProtocols { get; init; } = [];

    public string? SslProtocolMin { get; init; }

    public string? SslProtocolMax { get; init; }

    public string? SslCipherList { get; init; }

    public string? SslCipherSuites { get; init; }

    public IReadOnlyList<TlsFingerprint> SslFingerprints { get; init; } = [];

    public bool SslVerify { get; init; } = true;

    public string? SslCAFile { get; init; }

    public string? SslCAPath { get; init; }

    /// <summary>SNI and certificate name; empty disables SNI. Defaults to the host, or empty for an IP.</summary>
    public string SslHostname { get; init; } = "localhost";

    /// <summary>The LIST reference prefixed to every mailbox name on this server.</summary>
    public string ListReference { get; init; } = string.Empty;

    /// <summary><c>personal-namespace</c>: whether this server's personal namespace prefix (e.g. <c>INBOX.</c>) is removed from names.</summary>
    public PersonalNamespaceMode PersonalNamespace { get; init; }

    /// <summary>
    /// True when this server should use COMPRESS=DEFLATE. <c>auto</c> compresses remote links only: a
    /// network connection to a host other than the loopback, or a tunnel through <c>ssh</c> that does not
    /// already compress (<c>-C</c>). Local tunnels and loopback gain nothing and pay the server's deflate cost.
    /// </summary>
    public bool ShouldCompress => Compress switch
    {
        CompressMode.Yes => true,
        CompressMode.No => false,
        _ => Type == ServerType.Tunnel ? IsUncompressedSshTunnel(Command) : !IsLoopbackHost(Host),
    };

    private static bool IsUncompressedSshTunnel(string? command)
    {
        var words = (command ?? string.Empty).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && Path.GetFileName(words[0]) == "ssh" && !words.Skip(1).Any(TurnsOnSshCompression);
    }

    // "-C" alone or in a cluster of flags ("-qC"), or "Compression=yes" given with -o.
    private static bool TurnsOnSshCompression(string word) =>
        word.Contains("Compression=yes", StringComparison.OrdinalIgnoreCase)
        || (word.Length > 1 && word[0] == '-' && word[1] != 'o' && word.Skip(1).All(char.IsAsciiLetter) && word.Contains('C', StringComparison.Ordinal));

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
