using ImapSync.Cli.Configuration;

namespace ImapSync.Cli.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string Path = "/cfg/imapsync/config";
    private static readonly XdgDirectories Dirs = new("/cfg/imapsync", "/data/imapsync");

    private static SyncConfig Parse(string text) => ConfigLoader.Parse(text, Path, Dirs);

    private static ConfigException Fails(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    private const string Minimal = """
        [local]
        type = tunnel
        command = doveadm exec imap

        [remote]
        host = imap.example.net
        username = alice
        password = secret
        """;

    [Fact]
    public void Max_connections_defaults_to_two_for_a_tunnel_and_four_over_the_network_and_bounds_the_engine()
    {
        var c = Parse(Minimal);
        Assert.Equal(2, c.Local.MaxConnections);
        Assert.Equal(4, c.Remote.MaxConnections);
        var options = ImapSync.Cli.Wiring.EngineSessionFactory.SyncOptionsFor(c, ImapSync.Cli.Options.CommandLineParser.Parse([]));
        Assert.Equal(2, options.MaxMailboxesInFlight);

        var single = Parse("max-connections = 1\n" + Minimal);
        Assert.Equal(1, single.Local.MaxConnections);
        Assert.Equal(1, single.Remote.MaxConnections);
    }

    [Fact]
    public void Minimal_file_gets_InterIMAP_defaults()
    {
        var c = Parse(Minimal);
        Assert.Equal("/data/imapsync/imap.example.net.db", c.DatabasePath);
        Assert.Null(c.LogFile);
        Assert.Equal(LogPrefixTemplate.DefaultText, c.LogPrefix.Text);
        Assert.Equal(["*"], c.ListMailbox);
        Assert.Empty(c.ListSelectOptions);
        Assert.Null(c.IgnoreMailbox);
        Assert.Empty(c.Warnings);

        Assert.Equal(ServerType.Tunnel, c.Local.Type);
        Assert.Equal("doveadm exec imap", c.Local.Command);
        Assert.Equal(CompressMode.No, c.Local.Compress);
        Assert.False(c.Local.NullStderr);

        var r = c.Remote;
        Assert.Equal(ServerType.Imaps, r.Type);
        Assert.Equal(993, r.Port);
        Assert.Equal("alice", r.Username);
        Assert.Equal("secret", r.Password?.Literal);
        Assert.Equal(CompressMode.Auto, r.Compress);
        Assert.True(r.StartTls);
        Assert.True(r.SslVerify);
        Assert.Equal(["PLAIN", "LOGIN"], r.Auth);
        Assert.Equal("imap.example.net", r.SslHostname);
        Assert.Equal(string.Empty, r.ListReference);
        Assert.Empty(r.SslFingerprints);
    }

    [Fact]
    public void Database_defaults_to_localhost_db_when_the_remote_is_a_tunnel()
    {
        var c = Parse("[local]\ntype=tunnel\ncommand=a\n[remote]\ntype=tunnel\ncommand=b\n");
        Assert.Equal("/data/imapsync/localhost.db", c.DatabasePath);
    }

    [Fact]
    public void Empty_sections_are_allowed_when_the_default_section_supplies_everything()
    {
        var c = Parse("type = tunnel\ncommand = /usr/lib/dovecot/imap\n[local]\n[remote]\n");
        Assert.Equal(ServerType.Tunnel, c.Local.Type);
        Assert.Equal("/usr/lib/dovecot/imap", c.Remote.Command);
    }

    [Fact]
    public void Sections_inherit_the_default_section_and_override_it()
    {
        var c = Parse("""
            username = shared
            password = pw
            type = imap
            host = mail.example.org
            list-reference = perso/
            [local]
            host = 127.0.0.1
            STARTTLS = no
            [remote]
            port = 1143
            list-reference =
            """);
        Assert.Equal(("127.0.0.1", 143, false), (c.Local.Host, c.Local.Port, c.Local.StartTls));
        Assert.Equal(("mail.example.org", 1143, true), (c.Remote.Host, c.Remote.Port, c.Remote.StartTls));
        Assert.Equal(("shared", "shared"), (c.Local.Username, c.Remote.Username));
        Assert.Equal("perso/", c.Local.ListReference);
        Assert.Equal(string.Empty, c.Remote.ListReference);
        Assert.Equal(string.Empty, c.Local.SslHostname); // IP address: no SNI
        Assert.Equal("/data/imapsync/mail.example.org.db", c.DatabasePath);
    }

    [Fact]
    public void Personal_namespace_is_read_per_section_inherited_and_carried_to_the_engine()
    {
        var c = Parse("personal-namespace = no\n" + Minimal + "\npersonal-namespace = YES\n");
        Assert.Equal(Imap.Sync.PersonalNamespaceMode.No, c.Local.PersonalNamespace);
        Assert.Equal(Imap.Sync.PersonalNamespaceMode.Yes, c.Remote.PersonalNamespace);
        var options = ImapSync.Cli.Wiring.EngineSessionFactory.SyncOptionsFor(c, ImapSync.Cli.Options.CommandLineParser.Parse([]));
        Assert.Equal((Imap.Sync.PersonalNamespaceMode.No, Imap.Sync.PersonalNamespaceMode.Yes), (options.LocalPersonalNamespace, options.RemotePersonalNamespace));

        var defaults = Parse(Minimal + "\npersonal-namespace = auto\n");
        Assert.Equal(Imap.Sync.PersonalNamespaceMode.Auto, defaults.Local.PersonalNamespace);
        Assert.Equal(Imap.Sync.PersonalNamespaceMode.Auto, defaults.Remote.PersonalNamespace);
    }

    [Fact]
    public void Personal_namespace_yes_with_a_list_reference_is_refused_but_auto_and_no_are_not()
    {
        var e = Fails("list-reference = INBOX.\n" + Minimal + "\npersonal-namespace = yes\n");
        Assert.Equal((Path, 10, "personal-namespace"), (e.FilePath, e.Line, e.Key));
        Assert.Contains("list-reference", e.Message, StringComparison.Ordinal);
        Assert.Equal("INBOX.", Parse("list-reference = INBOX.\n" + Minimal + "\npersonal-namespace = no\n").Remote.ListReference);
        Assert.Equal(Imap.Sync.PersonalNamespaceMode.Auto, Parse("list-reference = INBOX.\n" + Minimal).Remote.PersonalNamespace);
    }

    [Fact]
    public void Default_section_keys_are_read_and_validated()
    {
        var c = Parse("""
            database = /var/lib/x.db
            logfile = /var/log/imapsync.log
            log-prefix = [%n]
            list-mailbox = INBOX "Sent Items" "lists\x00*"
            list-select-opts = subscribed remote
            ignore-mailbox = ^virtual(?:\x00|$)
            """ + "\n" + Minimal);
        Assert.Equal("/var/lib/x.db", c.DatabasePath);
        Assert.Equal("/var/log/imapsync.log", c.LogFile);
        Assert.Equal("[remote]", c.LogPrefix.Render("remote", "INBOX"));
        Assert.Equal(["INBOX", "Sent Items", "lists\0*"], c.ListMailbox);
        Assert.Equal(["SUBSCRIBED", "REMOTE"], c.ListSelectOptions);
        Assert.Matches(c.IgnoreMailbox!, "virtual\0foo");
        Assert.DoesNotMatch(c.IgnoreMailbox!, "virtualx");
    }

    [Fact]
    public void Relative_database_is_under_the_data_directory()
    {
        Assert.Equal("/data/imapsync/sub/x.db", Parse("database = sub/x.db\n" + Minimal).DatabasePath);
    }

    [Fact]
    public void Default_section_only_key_in_a_server_section_is_ignored_with_a_warning()
    {
        var c = Parse(Minimal + "\ndatabase = other.db\n");
        Assert.Equal("/data/imapsync/imap.example.net.db", c.DatabasePath);
        var warning = Assert.Single(c.Warnings);
        Assert.Contains($"{Path}:9: database: ignored in [remote]", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Bracketed_IP_literal_and_default_SNI()
    {
        var c = Parse(Minimal.Replace("host = imap.example.net", "host = [::1]", StringComparison.Ordinal));
        Assert.Equal("::1", c.Remote.Host);
        Assert.True(c.Remote.HostIsIpLiteral);
        Assert.Equal(string.Empty, c.Remote.SslHostname);
        Assert.Equal("/data/imapsync/::1.db", c.DatabasePath);
    }

    [Fact]
    public void Booleans_accept_any_case_and_ssl_settings_are_read()
    {
        var c = Parse(Minimal + """

            STARTTLS = No
            SSL_verify = nO
            null-stderr = yes
            compress = AUTO
            SSL_protocol_min = TLSv1.2
            SSL_protocol_max = TLSv1.3
            SSL_cipherlist = HIGH:!aNULL
            SSL_ciphersuites =
            SSL_CAfile = /etc/ca.pem
            SSL_CApath = /etc/ssl/certs
            SSL_hostname = mx.example.net
            SSL_fingerprint = sha256$00ff sha1$AB:CD 0102
            auth = xoauth2 plain
            port = imaps
            """);
        var r = c.Remote;
        Assert.False(r.StartTls);
        Assert.False(r.SslVerify);
        Assert.True(r.NullStderr);
        Assert.Equal(CompressMode.Auto, r.Compress);
        Assert.Equal(("TLSv1.2", "TLSv1.3"), (r.SslProtocolMin, r.SslProtocolMax));
        Assert.Equal("HIGH:!aNULL", r.SslCipherList);
        Assert.Equal(string.Empty, r.SslCipherSuites);
        Assert.Equal(("/etc/ca.pem", "/etc/ssl/certs"), (r.SslCAFile, r.SslCAPath));
        Assert.Equal("mx.example.net", r.SslHostname);
        Assert.Equal(["XOAUTH2", "PLAIN"], r.Auth);
        Assert.Equal(993, r.Port);
        Assert.Equal(
            [("sha256", "00FF"), ("sha1", "ABCD"), ("sha256", "0102")],
            r.SslFingerprints.Select(f => (f.Algorithm, Convert.ToHexString(f.Digest.Span))));
    }

    [Theory]
    [InlineData("auto", "imaps", "imap.example.net", true)]
    [InlineData("auto", "imaps", "localhost", false)]
    [InlineData("auto", "imap", "127.0.0.1", false)]
    [InlineData("auto", "tunnel", "imap.example.net", false)]
    [InlineData("yes", "tunnel", "localhost", true)]
    [InlineData("no", "imaps", "imap.example.net", false)]
    public void Compress_auto_compresses_only_network_links(string mode, string type, string host, bool expected)
    {
        var server = Parse($"[local]\ntype=tunnel\ncommand=x\n[remote]\nusername=u\ncommand=c\ncompress={mode}\ntype={type}\nhost={host}\n").Remote;
        Assert.Equal(expected, server.ShouldCompress);
    }

    [Theory]
    [InlineData("ssh mail.example.net doveadm exec imap", true)]
    [InlineData("/usr/bin/ssh -oBatchMode=yes mail.example.net dovecot-imap", true)]
    [InlineData("ssh -C mail.example.net doveadm exec imap", false)]
    [InlineData("ssh -qC mail.example.net doveadm exec imap", false)]
    [InlineData("ssh -o ControlMaster=auto -o ControlPath=~/.ssh/cm-%C mail.example.net doveadm exec imap", true)]
    [InlineData("ssh -o Compression=yes mail.example.net doveadm exec imap", false)]
    [InlineData("doveadm exec imap", false)]
    [InlineData("/usr/lib/dovecot/imap", false)]
    public void Compress_auto_on_a_tunnel_compresses_only_ssh_without_its_own_compression(string command, bool expected)
    {
        var server = Parse($"[local]\ntype=tunnel\ncommand=x\n[remote]\ntype=tunnel\ncompress=auto\ncommand={command}\n").Remote;
        Assert.Equal(expected, server.ShouldCompress);
    }

    [Fact]
    public void Remote_defaults_to_auto_compression_local_to_none()
    {
        var c = Parse("[local]\ntype=tunnel\ncommand=x\n[remote]\nhost=127.0.0.1\nusername=u\npassword=p\n");
        Assert.Equal(CompressMode.No, c.Local.Compress);
        Assert.Equal(CompressMode.Auto, c.Remote.Compress);
        Assert.False(c.Remote.ShouldCompress);
    }

    [Fact]
    public void Proxy_URI_is_parsed_and_never_printed_with_its_password()
    {
        var c = Parse(Minimal + "\nproxy = socks5h://bob:p%40ss@proxy.example:1081\n");
        var p = c.Remote.Proxy!;
        Assert.Equal(("proxy.example", 1081, true, "bob", "p@ss"), (p.Host, p.Port, p.ResolveRemotely, p.Username, p.Password));
        Assert.DoesNotContain("p@ss", p.ToString(), StringComparison.Ordinal);
        var plain = Parse(Minimal + "\nproxy = socks5://[::1]\n").Remote.Proxy!;
        Assert.Equal(("::1", 1080, false, null), (plain.Host, plain.Port, plain.ResolveRemotely, plain.Username));
    }

    [Fact]
    public void Password_command_and_oauth_token_command()
    {
        var c = Parse(Minimal.Replace("password = secret", "password-command = pass show mail", StringComparison.Ordinal)
            + "\noauth-token-command = oauth2l fetch\n");
        Assert.Equal("pass show mail", c.Remote.Password?.Command);
        Assert.Null(c.Remote.Password?.Literal);
        Assert.Equal("oauth2l fetch", c.Remote.OAuthToken?.Command);
    }

    [Fact]
    public void Section_password_command_overrides_an_inherited_password()
    {
        var c = Parse("password = inherited\n" + Minimal.Replace("password = secret", "password-command = cmd", StringComparison.Ordinal));
        Assert.Equal("cmd", c.Remote.Password?.Command);
    }

    [Fact]
    public void Password_and_password_command_in_one_section_conflict()
    {
        var e = Fails(Minimal + "\npassword-command = cmd\n");
        Assert.Equal(("password-command", 9), (e.Key, e.Line));
    }

    [Fact]
    public void Deprecated_SSL_protocols_is_accepted_with_a_warning()
    {
        var c = Parse(Minimal + "\nSSL_protocols = !SSLv3 !TLSv1\n");
        Assert.Equal(["!SSLv3", "!TLSv1"], c.Remote.SslProtocols);
        Assert.Contains("deprecated", Assert.Single(c.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_section_is_ignored_with_a_warning()
    {
        var c = Parse(Minimal + "\n[extra]\nwhatever = 1\n");
        Assert.Contains("[extra]", Assert.Single(c.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[local]\ntype=tunnel\ncommand=x\n", "missing section [remote]")]
    [InlineData("[remote]\ntype=tunnel\ncommand=x\n", "missing section [local]")]
    [InlineData("", "missing section [local]")]
    public void Missing_sections(string text, string message)
    {
        var e = Fails(text);
        Assert.Equal($"{Path}: {message} (it may be empty)", e.Message);
    }

    [Theory]
    [InlineData("hots = x", "hots", "unknown key")]
    [InlineData("starttls = NO", "starttls", "unknown key (did you mean 'STARTTLS'?)")]
    [InlineData("type = IMAPS", "type", "invalid value 'IMAPS' (expected imap, imaps or tunnel)")]
    [InlineData("STARTTLS = maybe", "STARTTLS", "invalid value 'maybe' (expected YES or NO)")]
    [InlineData("SSL_verify = 1", "SSL_verify", "expected YES or NO")]
    [InlineData("null-stderr = true", "null-stderr", "expected YES or NO")]
    [InlineData("compress = DEFLATE", "compress", "expected YES, NO or auto")]
    [InlineData("max-connections = 0", "max-connections", "expected a number from 1 to 16")]
    [InlineData("max-connections = many", "max-connections", "expected a number from 1 to 16")]
    [InlineData("port = 70000", "port", "expected a port number")]
    [InlineData("port = no-such-service-x", "port", "expected a port number")]
    [InlineData("host = [not-an-ip]", "host", "not an IP address")]
    [InlineData("host =", "host", "empty")]
    [InlineData("auth = PLAIN  LOGIN", "auth", "single spaces")]
    [InlineData("proxy = http://p:8080", "proxy", "expected socks5://")]
    [InlineData("proxy = socks5://p:x", "proxy", "invalid proxy port")]
    [InlineData("SSL_protocol_min = TLSv9", "SSL_protocol_min", "expected one of")]
    [InlineData("SSL_protocols = TLSv9", "SSL_protocols", "expected a list")]
    [InlineData("SSL_fingerprint = md5$00", "SSL_fingerprint", "unsupported digest")]
    [InlineData("SSL_fingerprint = sha256$xyz", "SSL_fingerprint", "HEX")]
    [InlineData("SSL_cipherlist =", "SSL_cipherlist", "non-empty")]
    [InlineData("username =", "username", "non-empty")]
    [InlineData("oauth-token-command =", "oauth-token-command", "non-empty command")]
    [InlineData("list-reference = caf\u00e9/", "list-reference", "ASCII")]
    [InlineData("personal-namespace = maybe", "personal-namespace", "expected auto, yes or no")]
    public void Invalid_server_key_names_file_line_and_key(string line, string key, string problem)
    {
        var e = Fails(Minimal + "\n" + line + "\n");
        Assert.Equal((Path, 9, key), (e.FilePath, e.Line, e.Key));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{Path}:9: {key}: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logfile = relative.log", "logfile", "absolute path")]
    [InlineData("log-prefix = %z", "log-prefix", "unknown directive")]
    [InlineData("list-mailbox = \"unterminated", "list-mailbox", "unterminated")]
    [InlineData("list-mailbox =", "list-mailbox", "no pattern")]
    [InlineData("list-select-opts = (SUBSCRIBED)", "list-select-opts", "expected words")]
    [InlineData("ignore-mailbox = ^(unclosed", "ignore-mailbox", "invalid regular expression")]
    [InlineData("database =", "database", "expected a file name")]
    public void Invalid_default_section_key_names_file_line_and_key(string line, string key, string problem)
    {
        var e = Fails(line + "\n" + Minimal);
        Assert.Equal((1, key), (e.Line, e.Key));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tunnel_without_command_is_refused()
    {
        var e = Fails("[local]\ntype = tunnel\n[remote]\ntype = tunnel\ncommand = x\n");
        Assert.Equal(("type", 2), (e.Key, e.Line));
        Assert.Contains("needs a 'command'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_server_without_username_is_refused()
    {
        var e = Fails("[local]\ntype = tunnel\ncommand = x\n[remote]\nhost = h\n");
        Assert.Contains("needs a 'username'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_never_show_the_password_or_proxy_secret()
    {
        var e = Fails(Minimal.Replace("password = secret", "password = sec\0ret", StringComparison.Ordinal));
        Assert.DoesNotContain("sec", e.Message, StringComparison.Ordinal);
        var p = Fails(Minimal + "\nproxy = socks5://u:topsecret@h:\u0001\n");
        Assert.DoesNotContain("topsecret", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reports_a_missing_file()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("/nonexistent/imapsync/config", Dirs));
        Assert.Equal("/nonexistent/imapsync/config: no such configuration file", e.Message);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite, false)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, true)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, true)]
    public void Load_warns_when_a_file_with_a_password_is_readable_by_others(UnixFileMode mode, bool warns)
    {
        var file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Minimal);
            File.SetUnixFileMode(file, mode);
            var c = ConfigLoader.Load(file, Dirs);
            Assert.Equal(warns, c.Warnings.Any(w => w.Contains("chmod 600", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_does_not_warn_about_a_readable_file_without_a_password()
    {
        var file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "[local]\ntype=tunnel\ncommand=a\n[remote]\ntype=tunnel\ncommand=b\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            Assert.Empty(ConfigLoader.Load(file, Dirs).Warnings);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
