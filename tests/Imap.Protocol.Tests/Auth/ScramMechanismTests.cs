using System.Security.Cryptography;
using System.Text;
using Imap.Protocol.Auth;

namespace Imap.Protocol.Tests.Auth;

public class ScramMechanismTests
{
    [Fact]
    public void Rfc5802_sha1_vector()
    {
        var scram = new ScramMechanism("user", "pencil", HashAlgorithmName.SHA1, "fyko+d2lbbFgONRv9qkxdawL");
        Assert.Equal("SCRAM-SHA-1", scram.Name);
        Assert.Equal("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", Text(scram.InitialResponse()));
        var final = scram.Respond(Bytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", Text(final));
        Assert.False(scram.IsComplete);
        Assert.Empty(scram.Respond(Bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
        Assert.True(scram.IsComplete);
    }

    [Fact]
    public void Rfc7677_sha256_vector()
    {
        var scram = new ScramMechanism("user", "pencil", HashAlgorithmName.SHA256, "rOprNGfwEbeRWgbNEkqO");
        Assert.Equal("SCRAM-SHA-256", scram.Name);
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Text(scram.InitialResponse()));
        var final = scram.Respond(Bytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", Text(final));
        Assert.Empty(scram.Respond(Bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        Assert.True(scram.IsComplete);
    }

    [Fact]
    public void Wrong_server_signature_is_refused()
    {
        var scram = new ScramMechanism("user", "pencil", HashAlgorithmName.SHA256, "rOprNGfwEbeRWgbNEkqO");
        scram.InitialResponse();
        scram.Respond(Bytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        Assert.Throws<SaslException>(() => scram.Respond(Bytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        Assert.False(scram.IsComplete);
    }

    [Fact]
    public void Server_nonce_must_extend_the_client_nonce()
    {
        var scram = new ScramMechanism("user", "pencil", HashAlgorithmName.SHA256, "abc");
        scram.InitialResponse();
        Assert.Throws<SaslException>(() => scram.Respond(Bytes("r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("4095")]
    [InlineData("1000001")]
    [InlineData("2147483647")]
    public void Iteration_counts_outside_the_bounds_are_refused_before_hashing(string iterations)
    {
        var scram = new ScramMechanism("user", "pencil", HashAlgorithmName.SHA256, "rOprNGfwEbeRWgbNEkqO");
        scram.InitialResponse();
        var error = Assert.Throws<SaslException>(() =>
            scram.Respond(Bytes($"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i={iterations}")));
        Assert.Equal($"SCRAM iteration count {iterations} refused: outside 4096 to 1000000.", error.Message);
    }

    [Fact]
    public void The_highest_iteration_count_allowed_is_answered()
    {
        var scram = new ScramMechanism("user", "pencil", HashAlgorithmName.SHA1, "fyko+d2lbbFgONRv9qkxdawL");
        scram.InitialResponse();
        var final = Text(scram.Respond(Bytes($"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i={ScramMechanism.MaxIterations}")));
        Assert.StartsWith("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=", final, StringComparison.Ordinal);
    }

    [Fact]
    public void User_name_is_escaped()
    {
        var scram = new ScramMechanism("a,b=c", "p", HashAlgorithmName.SHA256, "n0nce");
        Assert.Equal("n,,n=a=2Cb=3Dc,r=n0nce", Text(scram.InitialResponse()));
    }

    [Fact]
    public void Random_nonces_differ()
    {
        var a = Text(new ScramMechanism("u", "p", HashAlgorithmName.SHA256).InitialResponse());
        var b = Text(new ScramMechanism("u", "p", HashAlgorithmName.SHA256).InitialResponse());
        Assert.NotEqual(a, b);
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(byte[] b) => Encoding.UTF8.GetString(b);
}
