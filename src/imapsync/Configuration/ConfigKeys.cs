namespace ImapSync.Cli.Configuration;

/// <summary>The keys a configuration file may hold, and where each one is read.</summary>
internal static class ConfigKeys
{
    /// <summary>Keys read from the default section only (InterIMAP ignores them elsewhere; we warn).</summary>
    public static readonly IReadOnlySet<string> DefaultSectionOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "database", "logfile", "log-prefix", "list-mailbox", "list-select-opts", "ignore-mailbox",
        "allow-mass-expunge", "mass-expunge-threshold",
    };

    /// <summary>Keys read per server; a value in the default section is inherited by both.</summary>
    public static readonly IReadOnlySet<string> PerServer = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "host", "port", "proxy", "command", "STARTTLS", "auth", "username", "password",
        "password-command", "oauth-token-command", "compress", "null-stderr", "list-reference", "personal-namespace", "max-connections",
        "SSL_protocols", "SSL_protocol_min", "SSL_protocol_max", "SSL_cipherlist", "SSL_ciphersuites",
        "SSL_fingerprint", "SSL_verify", "SSL_CAfile", "SSL_CApath", "SSL_hostname",
    };

    public static bool IsKnown(string key) => DefaultSectionOnly.Contains(key) || PerServer.Contains(key);

    /// <summary>The known key equal to <paramref name="key"/> ignoring case, for "did you mean" hints.</summary>
    public static string? SuggestionFor(string key) =>
        DefaultSectionOnly.Concat(PerServer).FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
}
