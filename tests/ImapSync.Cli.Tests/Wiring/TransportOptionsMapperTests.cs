using System.Net.Security;
using System.Security.Authentication;
using Imap.Protocol.Transport;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli.Tests.Wiring;

public class TransportOptionsMapperTests
{
    private static ServerConfig Remote(string keys) => ConfigLoader.Parse(
        "[local]\ntype=tunnel\ncommand=x\n[remote]\nusername=u\npassword=p\n" + keys, "c", new XdgDirectories("/c", "/d")).Remote;

    private static ImapTransportOptions Map(string keys, bool watching = false, int debug = 0, List<string>? warnings = null) =>
        TransportOptionsMapper.Map(Remote(keys), watching, debug, w => warnings?.Add(w));

    [Fact]
    public void Imaps_defaults()
    {
        var o = Map("host = mail.example.org\n");
        Assert.Equal(("mail.example.org", 993, ImapSecurity.Tls), (o.Host, o.EffectivePort, o.Security));
        Assert.True(o.Tls.VerifyCertificate);
        Assert.Equal("mail.example.org", o.Tls.ServerName);
        Assert.Null(o.TunnelCommand);
        Assert.Null(o.Proxy);
        Assert.Null(o.TcpKeepAlive);
        Assert.Null(o.Tls.MinimumProtocol);
    }

    [Theory]
    [InlineData("type = imap\n", ImapSecurity.StartTls, 143)]
    [InlineData("type = imap\nSTARTTLS = NO\n", ImapSecurity.None, 143)]
    [InlineData("type = imaps\nport = 10993\n", ImapSecurity.Tls, 10993)]
    public void Type_and_STARTTLS_choose_the_security(string keys, ImapSecurity security, int port)
    {
        var o = Map(keys);
        Assert.Equal((security, port), (o.Security, o.EffectivePort));
    }

    [Fact]
    public void Tunnel_with_null_stderr_discards_it_unless_debugging()
    {
        var keys = "type = tunnel\ncommand = ssh host dovecot\nnull-stderr = YES\nproxy = socks5://p\n";
        var o = Map(keys, watching: true);
        Assert.Equal(("ssh host dovecot", TunnelStderr.Discard), (o.TunnelCommand, o.TunnelStderr));
        Assert.Null(o.Proxy);
        Assert.Null(o.TcpKeepAlive);
        Assert.Equal(TunnelStderr.PassThrough, Map(keys, debug: 1).TunnelStderr);
    }

    [Fact]
    public void Watch_mode_turns_on_keepalive_for_tcp()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Map("host = h\n", watching: true).TcpKeepAlive);
    }

    [Fact]
    public void IP_literal_keeps_brackets_and_disables_SNI()
    {
        var o = Map("host = [127.0.0.1]\n");
        Assert.Equal(("[127.0.0.1]", "127.0.0.1", ""), (o.Host, o.BareHost, o.Tls.ServerName));
    }

    [Fact]
    public void Tls_settings_are_carried_over()
    {
        var o = Map("SSL_verify = NO\nSSL_CAfile = /ca.pem\nSSL_CApath = /certs\nSSL_hostname = sni.example\n"
            + "SSL_fingerprint = sha1$0A0B 0c0d\nSSL_protocol_min = TLSv1.2\nSSL_protocol_max = TLSv1.3\nproxy = socks5h://u:p@proxy:1081\n");
        Assert.False(o.Tls.VerifyCertificate);
        Assert.Equal(("/ca.pem", "/certs", "sni.example"), (o.Tls.CaFile, o.Tls.CaDirectory, o.Tls.ServerName));
        Assert.Equal(["sha1$0A0B", "sha256$0C0D"], o.Tls.PinnedPublicKeys);
        Assert.Equal((SslProtocols.Tls12, SslProtocols.Tls13), (o.Tls.MinimumProtocol, o.Tls.MaximumProtocol));
        Assert.Equal(new Uri("socks5h://u:p@proxy:1081"), o.Proxy);
    }

    [Theory]
    [InlineData("!SSLv3 !TLSv1 !TLSv1.1", SslProtocols.Tls12, SslProtocols.Tls13)]
    [InlineData("TLSv1.2", SslProtocols.Tls12, SslProtocols.Tls12)]
    [InlineData("!TLSv1.3", (SslProtocols)0x30, SslProtocols.Tls12)]
    [InlineData("!SSLv2 !SSLv3 !TLSv1 !TLSv1.1 !TLSv1.2", SslProtocols.Tls13, SslProtocols.Tls13)]
    public void Deprecated_SSL_protocols_becomes_a_range(string value, SslProtocols min, SslProtocols max)
    {
        var warnings = new List<string>();
        var o = Map($"SSL_protocols = {value}\n", warnings: warnings);
        Assert.Equal((min, max), (o.Tls.MinimumProtocol, o.Tls.MaximumProtocol));
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("!TLSv1.2", "SSLv3, TLSv1, TLSv1.1")]
    [InlineData("!SSLv3 !TLSv1 !TLSv1.2", "TLSv1.1")]
    [InlineData("TLSv1.1 TLSv1.3", "TLSv1.1")]
    public void A_hole_in_deprecated_SSL_protocols_keeps_the_excluded_version_out(string value, string dropped)
    {
        var warnings = new List<string>();
        var o = Map($"SSL_protocols = {value}\n", warnings: warnings);
        // TLS 1.3 only: the range from the lowest allowed version to the highest let TLS 1.2 back in.
        Assert.Equal((SslProtocols.Tls13, SslProtocols.Tls13), (o.Tls.MinimumProtocol, o.Tls.MaximumProtocol));
        Assert.Equal($"SSL_protocols: a protocol range cannot skip a version; using TLSv1.3 to TLSv1.3, without {dropped}", Assert.Single(warnings));
    }

    [Fact]
    public void Cipher_suites_take_IANA_names_and_report_the_rest()
    {
        var warnings = new List<string>();
        var o = Map("SSL_cipherlist = TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:HIGH:!aNULL\nSSL_ciphersuites = TLS_AES_256_GCM_SHA384\n", warnings: warnings);
        Assert.Equal([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_AES_256_GCM_SHA384], o.Tls.CipherSuites);
        Assert.Contains("ignoring 'HIGH:!aNULL'", Assert.Single(warnings), StringComparison.Ordinal);
    }
}
