using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    [Theory]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256")]
    public async Task Scram_works_with_the_plaintext_passwd_file(string mechanism)
    {
        await using var connection = await RawImapConnection.ConnectAsync(Server.Host, Server.Port);
        var hash = mechanism == "SCRAM-SHA-1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var clientFirstBare = "n=alice,r=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

        var challenge = await connection.AuthenticateStepAsync($"AUTHENTICATE {mechanism}", "n,," + clientFirstBare);
        var serverFirst = Encoding.ASCII.GetString(Convert.FromBase64String(challenge[2..]));
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        var salted = Rfc2898DeriveBytes.Pbkdf2("alicepw"u8, Convert.FromBase64String(fields["s"]), int.Parse(fields["i"], CultureInfo.InvariantCulture), hash, hash == HashAlgorithmName.SHA1 ? 20 : 32);
        var clientKey = HMAC(hash, salted, "Client Key"u8.ToArray());
        var withoutProof = "c=biws,r=" + fields["r"];
        var signature = HMAC(hash, Hash(hash, clientKey), Encoding.ASCII.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}"));
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();

        var serverFinal = await connection.AuthenticateStepAsync(null, $"{withoutProof},p={Convert.ToBase64String(proof)}");
        Assert.StartsWith("+ ", serverFinal, StringComparison.Ordinal);
        var done = await connection.AuthenticateStepAsync(null, null);

        Assert.Contains(" OK ", done, StringComparison.Ordinal);
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

    private static byte[] HMAC(HashAlgorithmName hash, byte[] key, byte[] data) => CryptographicOperations.HmacData(hash, key, data);

    private static byte[] Hash(HashAlgorithmName hash, byte[] data) => CryptographicOperations.HashData(hash, data);
}
