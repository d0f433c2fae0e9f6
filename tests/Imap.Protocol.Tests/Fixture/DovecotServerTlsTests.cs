using System.Security.Cryptography;
using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>STARTTLS and imaps with the generated certificate, validated as a custom root.</summary>
public sealed class DovecotServerTlsTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task Imaps_presents_the_generated_certificate_and_its_spki_pin()
    {
        await using var connection = await RawImapConnection.ConnectAsync(Server.Host, Server.ImapsPort, Server.CertificatePath);

        Assert.StartsWith("* OK", connection.Greeting, StringComparison.Ordinal);
        var spki = SHA256.HashData(connection.RemoteCertificate!.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal("sha256$" + Convert.ToHexStringLower(spki), Server.SpkiFingerprint);
        Assert.Matches("^sha256\\$[0-9a-f]{64}$", Server.SpkiFingerprint);
    }

    [Fact]
    public async Task Starttls_upgrades_the_plain_port_and_login_works_after_it()
    {
        await using var connection = await RawImapConnection.ConnectAsync(Server.Host, Server.Port);
        await connection.StartTlsAsync(Server.CertificatePath);

        var capabilities = await connection.LoginAsync("bob", "bobpw");

        Assert.Contains("QRESYNC", capabilities);
        Assert.NotNull(connection.RemoteCertificate);
    }

    [Fact]
    public async Task Offered_auth_mechanisms_include_plain_login_and_scram()
    {
        await using var connection = await RawImapConnection.ConnectAsync(Server.Host, Server.Port);

        var capabilities = RawImapConnection.Capabilities([connection.Greeting]);

        Assert.Contains("AUTH=PLAIN", capabilities);
        Assert.Contains("AUTH=LOGIN", capabilities);
        Assert.Contains("AUTH=SCRAM-SHA-1", capabilities);
        Assert.Contains("AUTH=SCRAM-SHA-256", capabilities);
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        await using var connection = await RawImapConnection.ConnectAsync(Server.Host, Server.Port);

        var reply = await connection.CommandAsync("LOGIN \"alice\" \"wrong\"");

        Assert.Contains(" NO ", reply[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_plain_with_initial_response_logs_in()
    {
        await using var connection = await RawImapConnection.ConnectAsync(Server.Host, Server.Port);
        var credentials = Convert.ToBase64String("\0alice\0alicepw"u8.ToArray());

        var reply = await connection.CommandAsync("AUTHENTICATE PLAIN " + credentials);

        Assert.Contains(" OK ", reply[^1], StringComparison.Ordinal);
    }
}
