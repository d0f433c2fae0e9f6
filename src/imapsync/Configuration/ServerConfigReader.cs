using System.Globalization;
using System.Net;
using Imap.Sync;

namespace ImapSync.Cli.Configuration;

/// <summary>Turns the effective keys of <c>[local]</c> or <c>[remote]</c> into a validated <see cref="ServerConfig"/>.</summary>
internal sealed class ServerConfigReader
{
    private static readonly string[] TlsVersions = ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
    private static readonly string[] DeprecatedTlsVersions = ["SSLv2", .. TlsVersions];

    private readonly string _path;
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, IniEntry> _entries;
    private readonly List<string> _warnings;

    public ServerConfigReader(string path, string name, IReadOnlyDictionary<string, IniEntry> entries, List<string> warnings)
    {
        _path = path;
        _name = name;
        _entries = entries;
        _warnings = warnings;
    }

    public ServerConfig Read()
    {
        var type = ReadType();
        var (host, isIpLiteral) = ReadHost();
        var command = Plain("command");
        if (type == ServerType.Tunnel && string.IsNullOrEmpty(command))
        {
            throw Problem("type", "type = tunnel needs a 'command' key");
        }

        var username = Get("username") is { } user ? Credential(user) : null;
        var (password, oauth) = ReadSecrets();
        if (type != ServerType.Tunnel && username is null)
        {
            throw Problem(Get("type") is null ? null : "type",
                $"[{_name}] connects over the network and needs a 'username' (use type = tunnel for a pre-authenticated command)");
        }

        return new ServerConfig
        {
            Name = _name,
            Type = type,
            Host = host,
            HostIsIpLiteral = isIpLiteral,
            Port = ReadPort(type),
            Proxy = Get("proxy") is { } proxy ? ReadProxy(proxy) : null,
            Command = command,
            StartTls = Boolean("STARTTLS") ?? true,
            Auth = ReadAuth(),
            Username = username?.Value,
            Password = password,
            OAuthToken = oauth,
            Compress = ReadCompress(),
            NullStderr = Boolean("null-stderr") ?? false,
            MaxConnections = ReadMaxConnections(type),
            SslProtocols = ReadDeprecatedProtocols(),
            SslProtocolMin = TlsVersion("SSL_protocol_min"),
            SslProtocolMax = TlsVersion("SSL_protocol_max"),
            SslCipherList = ReadCipherList(),
            SslCipherSuites = Plain("SSL_ciphersuites"),
            SslFingerprints = ReadFingerprints(),
            SslVerify = Boolean("SSL_verify") ?? true,
            SslCAFile = Plain("SSL_CAfile"),
            SslCAPath = Plain("SSL_CApath"),
            SslHostname = Plain("SSL_hostname") ?? (isIpLiteral || IPAddress.TryParse(host, out _) ? string.Empty : host),
            ListReference = ReadListReference(),
            PersonalNamespace = ReadPersonalNamespace(),
        };
    }

    private IniEntry? Get(string key) => _entries.TryGetValue(key, out var entry) ? entry : null;

    private ConfigException Problem(string? key, string problem)
    {
        var entry = key is null ? null : Get(key);
        return new ConfigException(_path, entry?.Line ?? 0, key, problem);
    }

    private ConfigException Invalid(IniEntry entry, string expected) =>
        new(_path, entry.Line, entry.Key, entry.Key is "proxy" or "password"
            ? $"invalid value ({expected})" // may hold a secret: never echoed
            : $"invalid value '{entry.Value}' ({expected})");

    /// <summary>A value with no control characters, or null when the key is absent.</summary>
    private string? Plain(string key)
    {
        if (Get(key) is not { } entry)
        {
            return null;
        }

        return ConfigValues.HasControlCharacter(entry.Value) ? throw Invalid(entry, "control characters are not allowed") : entry.Value;
    }

    private bool? Boolean(string key)
    {
        if (Get(key) is not { } entry)
        {
            return null;
        }

        return ConfigValues.ParseBoolean(entry.Value) ?? throw Invalid(entry, "expected YES or NO");
    }

    private ServerType ReadType() => Get("type") switch
    {
        null => ServerType.Imaps,
        { Value: "imaps" } => ServerType.Imaps,
        { Value: "imap" } => ServerType.Imap,
        { Value: "tunnel" } => ServerType.Tunnel,
        var entry => throw Invalid(entry, "expected imap, imaps or tunnel"),
    };

    private (string Host, bool IsIpLiteral) ReadHost()
    {
        var host = Plain("host");
        if (host is null)
        {
            return ("localhost", false);
        }

        if (host.Length == 0)
        {
            throw Invalid(Get("host")!, "empty");
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            var literal = host[1..^1];
            return IPAddress.TryParse(literal, out _) ? (literal, true) : throw Invalid(Get("host")!, "not an IP address inside [...]");
        }

        return (host, false);
    }

    private int ReadMaxConnections(ServerType type)
    {
        if (Get("max-connections") is not { } entry)
        {
            return type == ServerType.Tunnel ? 2 : 4;
        }

        return int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 16
            ? count
            : throw Invalid(entry, "expected a number from 1 to 16");
    }

    private int ReadPort(ServerType type)
    {
        if (Get("port") is not { } entry)
        {
            return type == ServerType.Imap ? 143 : 993;
        }

        if (int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return port;
        }

        return ServiceNames.Lookup(entry.Value) ?? throw Invalid(entry, "expected a port number or a service name from /etc/services");
    }

    private ProxySettings ReadProxy(IniEntry entry)
    {
        if (ConfigValues.HasControlCharacter(entry.Value))
        {
            throw Invalid(entry, "control characters are not allowed");
        }

        var value = entry.Value;
        bool remote;
        if (value.StartsWith("socks5h://", StringComparison.Ordinal))
        {
            remote = true;
            value = value["socks5h://".Length..];
        }
        else if (value.StartsWith("socks5://", StringComparison.Ordinal))
        {
            remote = false;
            value = value["socks5://".Length..];
        }
        else
        {
            throw new ConfigException(_path, entry.Line, entry.Key, "expected socks5://[user:pass@]host[:port] or socks5h://...");
        }

        string? user = null, pass = null;
        var at = value.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = value[..at];
            value = value[(at + 1)..];
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            (user, pass) = colon < 0 ? (credentials, string.Empty) : (credentials[..colon], credentials[(colon + 1)..]);
            user = Uri.UnescapeDataString(user);
            pass = Uri.UnescapeDataString(pass);
        }

        var port = 1080;
        string host;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ConfigException(_path, entry.Line, entry.Key, "unclosed '[' in the proxy address");
            }

            host = value[1..close];
            value = value[(close + 1)..];
        }
        else
        {
            var colon = value.LastIndexOf(':');
            host = colon < 0 ? value : value[..colon];
            value = colon < 0 ? string.Empty : value[colon..];
        }

        if (value.Length > 0 && (!value.StartsWith(':')
            || !int.TryParse(value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ConfigException(_path, entry.Line, entry.Key, "invalid proxy port");
        }

        if (host.Length == 0)
        {
            throw new ConfigException(_path, entry.Line, entry.Key, "the proxy URI has no host");
        }

        if (!Uri.TryCreate(entry.Value, UriKind.Absolute, out var uri))
        {
            throw new ConfigException(_path, entry.Line, entry.Key, "not a valid URI");
        }

        return new ProxySettings(host, port, remote, user, pass, uri);
    }

    private IReadOnlyList<string> ReadAuth()
    {
        if (Get("auth") is not { } entry)
        {
            return ["PLAIN", "LOGIN"];
        }

        var mechanisms = entry.Value.Split(' ');
        if (mechanisms.Any(m => !ConfigValues.IsAtom(m)))
        {
            throw Invalid(entry, "expected mechanism names separated by single spaces, e.g. 'PLAIN LOGIN'");
        }

        return [.. mechanisms.Select(m => m.ToUpperInvariant())];
    }

    private IniEntry Credential(IniEntry entry)
    {
        // Unlike InterIMAP (ASCII only) UTF-8 is accepted; NUL, CR and LF would break LOGIN and PLAIN.
        if (entry.Value.Length == 0 || entry.Value.Any(c => c is '\0' or '\r' or '\n'))
        {
            throw new ConfigException(_path, entry.Line, entry.Key, "must be non-empty, without NUL, CR or LF");
        }

        return entry;
    }

    private (SecretSource? Password, SecretSource? OAuthToken) ReadSecrets()
    {
        var literal = Get("password");
        var command = Get("password-command");
        if (literal is not null && command is not null && literal.Section == command.Section)
        {
            throw new ConfigException(_path, command.Line, command.Key, "'password' and 'password-command' are both set in this section; keep one");
        }

        SecretSource? password = null;
        if (command is not null && (literal is null || command.Section != IniDocument.DefaultSection))
        {
            password = SecretSource.FromCommand(CommandValue(command));
        }
        else if (literal is not null)
        {
            password = SecretSource.FromLiteral(Credential(literal).Value);
        }

        var oauth = Get("oauth-token-command") is { } token ? SecretSource.FromCommand(CommandValue(token)) : null;
        return (password, oauth);
    }

    private string CommandValue(IniEntry entry) =>
        entry.Value.Length == 0 || ConfigValues.HasControlCharacter(entry.Value)
            ? throw new ConfigException(_path, entry.Line, entry.Key, "must be a non-empty command without control characters")
            : entry.Value;

    private CompressMode ReadCompress()
    {
        if (Get("compress") is not { } entry)
        {
            // InterIMAP compresses the remote side always; bench/results/sync.md measured that as 1.85x
            // slower on loopback, so the remote side compresses where the link is remote (auto).
            return _name == "remote" ? CompressMode.Auto : CompressMode.No;
        }

        if (entry.Value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return CompressMode.Auto;
        }

        return ConfigValues.ParseBoolean(entry.Value) switch
        {
            true => CompressMode.Yes,
            false => CompressMode.No,
            null => throw Invalid(entry, "expected YES, NO or auto"),
        };
    }

    private string[] ReadDeprecatedProtocols()
    {
        if (Get("SSL_protocols") is not { } entry)
        {
            return [];
        }

        var items = entry.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0 || items.Any(p => !DeprecatedTlsVersions.Contains(p.TrimStart('!'), StringComparer.Ordinal)))
        {
            throw Invalid(entry, "expected a list such as '!SSLv3 !TLSv1 !TLSv1.1'");
        }

        _warnings.Add($"{_path}:{entry.Line}: SSL_protocols is deprecated, use SSL_protocol_min and SSL_protocol_max");
        return items;
    }

    private string? TlsVersion(string key)
    {
        if (Get(key) is not { } entry)
        {
            return null;
        }

        return TlsVersions.Contains(entry.Value, StringComparer.Ordinal)
            ? entry.Value
            : throw Invalid(entry, "expected one of " + string.Join(", ", TlsVersions));
    }

    private string? ReadCipherList()
    {
        if (Get("SSL_cipherlist") is not { } entry)
        {
            return null;
        }

        return entry.Value.Length == 0 || ConfigValues.HasControlCharacter(entry.Value)
            ? throw Invalid(entry, "expected a non-empty OpenSSL cipher list")
            : entry.Value;
    }

    private List<TlsFingerprint> ReadFingerprints()
    {
        if (Get("SSL_fingerprint") is not { } entry)
        {
            return [];
        }

        var pins = new List<TlsFingerprint>();
        foreach (var item in entry.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var dollar = item.IndexOf('$', StringComparison.Ordinal);
            var algorithm = dollar < 0 ? "sha256" : item[..dollar].ToLowerInvariant();
            var hex = (dollar < 0 ? item : item[(dollar + 1)..]).Replace(":", "", StringComparison.Ordinal);
            if (algorithm is not ("sha1" or "sha256" or "sha384" or "sha512"))
            {
                throw Invalid(entry, $"unsupported digest '{algorithm}' (use sha1, sha256, sha384 or sha512)");
            }

            byte[] digest;
            try
            {
                digest = Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                throw Invalid(entry, "expected [ALGO$]HEX pins separated by spaces");
            }

            if (digest.Length == 0)
            {
                throw Invalid(entry, "expected [ALGO$]HEX pins separated by spaces");
            }

            pins.Add(new TlsFingerprint(algorithm, digest));
        }

        return pins.Count > 0 ? pins : throw Invalid(entry, "expected at least one pin");
    }

    private PersonalNamespaceMode ReadPersonalNamespace()
    {
        if (Get("personal-namespace") is not { } entry)
        {
            return PersonalNamespaceMode.Auto;
        }

        if (entry.Value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return PersonalNamespaceMode.Auto;
        }

        var yes = ConfigValues.ParseBoolean(entry.Value) ?? throw Invalid(entry, "expected auto, yes or no");
        if (yes && ReadListReference().Length > 0)
        {
            throw new ConfigException(_path, entry.Line, entry.Key, "'personal-namespace = yes' and a non-empty list-reference are both set for this server; keep one");
        }

        return yes ? PersonalNamespaceMode.Yes : PersonalNamespaceMode.No;
    }

    private string ReadListReference()
    {
        if (Get("list-reference") is not { } entry)
        {
            return string.Empty;
        }

        return ConfigValues.IsTextChars(entry.Value) ? entry.Value : throw Invalid(entry, "expected ASCII text");
    }
}
