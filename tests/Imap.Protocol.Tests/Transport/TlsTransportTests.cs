using System.Text;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Transport;

public class TlsTransportTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Fact]
    public async Task Untrusted_chain_is_refused_by_default()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        var ex = await Assert.ThrowsAsync<ImapTlsException>(() => Connect(server, new ImapTlsOptions()));
        Assert.Contains("chain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ca_file_makes_the_chain_trusted_and_greeting_readable()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        await using var transport = await Connect(server, new ImapTlsOptions { CaFile = _certs.CaFile });
        Assert.True(transport.IsTls);
        Assert.Equal(_certs.ServerPin, transport.PeerFingerprint);
        Assert.Equal("* OK ready\r\n", await ReadLine(transport.Stream));
        Assert.Equal("localhost", server.ReceivedServerName);
    }

    [Fact]
    public async Task Ca_directory_works_too()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        await using var transport = await Connect(server, new ImapTlsOptions { CaDirectory = _certs.Directory });
        Assert.True(transport.IsTls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_auth_only_leaf_signed_by_the_given_CA_is_refused(bool caDirectory)
    {
        using var clientOnly = new TestCertificates(extendedKeyUsages: [TestCertificates.ClientAuth]);
        await using var server = new LoopbackTlsServer(clientOnly.Server);
        var options = caDirectory ? new ImapTlsOptions { CaDirectory = clientOnly.Directory } : new ImapTlsOptions { CaFile = clientOnly.CaFile };

        var ex = await Assert.ThrowsAsync<ImapTlsException>(() => Connect(server, options));

        Assert.Contains("certificate is not for server authentication (its extended key usage lacks serverAuth)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(TestCertificates.ClientAuth + " " + TestCertificates.ServerAuth)]
    public async Task A_leaf_without_EKU_or_with_serverAuth_among_others_is_accepted(string usages)
    {
        using var certificates = new TestCertificates(extendedKeyUsages: usages.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        await using var server = new LoopbackTlsServer(certificates.Server);
        await using var transport = await Connect(server, new ImapTlsOptions { CaFile = certificates.CaFile });
        Assert.Equal("* OK ready\r\n", await ReadLine(transport.Stream));
    }

    [Fact]
    public async Task Host_name_mismatch_is_refused()
    {
        using var other = new TestCertificates("mail.example.org");
        await using var server = new LoopbackTlsServer(other.Server);
        var ex = await Assert.ThrowsAsync<ImapTlsException>(() => Connect(server, new ImapTlsOptions { CaFile = other.CaFile }));
        Assert.Contains("host name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_off_accepts_anything()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        await using var transport = await Connect(server, new ImapTlsOptions { VerifyCertificate = false });
        Assert.Equal("* OK ready\r\n", await ReadLine(transport.Stream));
    }

    [Fact]
    public async Task Right_pin_with_verification_off_is_accepted()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        await using var transport = await Connect(server, new ImapTlsOptions { VerifyCertificate = false, PinnedPublicKeys = ["sha256$00", _certs.ServerPin] });
        Assert.True(transport.IsTls);
    }

    [Fact]
    public async Task Wrong_pin_is_refused_even_with_verification_off()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        var wrong = "sha256$" + new string('a', 64);
        var ex = await Assert.ThrowsAsync<ImapTlsException>(() => Connect(server, new ImapTlsOptions { VerifyCertificate = false, PinnedPublicKeys = [wrong] }));
        Assert.Contains("fingerprint doesn't match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_server_name_disables_sni()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        await using var transport = await Connect(server, new ImapTlsOptions { CaFile = _certs.CaFile, ServerName = "" });
        Assert.True(transport.IsTls);
        Assert.Equal("", server.ReceivedServerName);
    }

    [Fact]
    public void Sni_defaults_follow_interimap()
    {
        Assert.Equal("mail.example.org", TlsClientOptionsFactory.ServerName(new ImapTlsOptions(), "mail.example.org"));
        Assert.Equal("", TlsClientOptionsFactory.ServerName(new ImapTlsOptions(), "127.0.0.1"));
        Assert.Equal("", TlsClientOptionsFactory.ServerName(new ImapTlsOptions(), "::1"));
        Assert.Equal("x", TlsClientOptionsFactory.ServerName(new ImapTlsOptions { ServerName = "x" }, "127.0.0.1"));
    }

    [Fact]
    public async Task Protocol_range_is_enforced()
    {
        await using var server = new LoopbackTlsServer(_certs.Server);
        await using var transport = await Connect(server, new ImapTlsOptions
        {
            CaFile = _certs.CaFile,
            MinimumProtocol = System.Security.Authentication.SslProtocols.Tls12,
            MaximumProtocol = System.Security.Authentication.SslProtocols.Tls12,
        });
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, transport.TlsProtocol);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("md5$00")]
    public void Bad_pins_are_rejected(string pin)
    {
        Assert.Throws<ArgumentException>(() => SpkiPin.Parse(pin));
    }

    private static Task<ImapTransport> Connect(LoopbackTlsServer server, ImapTlsOptions tls) =>
        ImapTransport.ConnectAsync(new ImapTransportOptions
        {
            Host = "localhost",
            Port = server.Port,
            Security = ImapSecurity.Tls,
            Tls = tls,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });

    private static async Task<string> ReadLine(Stream stream)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith('\n') && await stream.ReadAsync(one) == 1)
        {
            text.Append((char)one[0]);
        }
        return text.ToString();
    }
}
