using System.Text;
using Imap.Protocol.Auth;

namespace Imap.Protocol.Tests.Auth;

public class SimpleMechanismTests
{
    [Fact]
    public void Plain_is_nul_separated_without_authzid()
    {
        var plain = new PlainMechanism("alice", "secret");
        Assert.True(plain.ClientFirst);
        Assert.Equal("\0alice\0secret", Encoding.UTF8.GetString(plain.InitialResponse()));
        Assert.True(plain.IsComplete);
    }

    [Fact]
    public void Plain_with_authzid()
    {
        Assert.Equal("admin\0alice\0pw", Encoding.UTF8.GetString(new PlainMechanism("alice", "pw", "admin").InitialResponse()));
    }

    [Fact]
    public void Login_answers_user_then_password()
    {
        var login = new LoginMechanism("alice", "secret");
        Assert.False(login.ClientFirst);
        Assert.Equal("alice", Encoding.UTF8.GetString(login.Respond("Username:"u8)));
        Assert.False(login.IsComplete);
        Assert.Equal("secret", Encoding.UTF8.GetString(login.Respond("Password:"u8)));
        Assert.True(login.IsComplete);
        Assert.Throws<SaslException>(() => login.Respond("more?"u8));
    }

    [Fact]
    public void XOAuth2_format_and_error_reply()
    {
        var x = new XOAuth2Mechanism("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
        Assert.Equal("user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u0001\u0001",
            Encoding.UTF8.GetString(x.InitialResponse()));
        Assert.Empty(x.Respond("{\"status\":\"401\"}"u8));
    }

    [Fact]
    public void OAuthBearer_matches_rfc7628_example()
    {
        var o = new OAuthBearerMechanism("user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==", "server.example.com", 143);
        Assert.Equal("n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001",
            Encoding.UTF8.GetString(o.InitialResponse()));
        Assert.Equal(new byte[] { 1 }, o.Respond("{\"status\":\"invalid_token\"}"u8));
    }

    [Fact]
    public void Factory_creates_by_name_and_checks_credentials()
    {
        var password = new ImapCredentials { UserName = "u", Password = "p" };
        Assert.IsType<ScramMechanism>(SaslMechanisms.Create("scram-sha-1", password, "h", 143));
        Assert.IsType<PlainMechanism>(SaslMechanisms.Create("PLAIN", password, "h", 143));
        Assert.Throws<ArgumentException>(() => SaslMechanisms.Create("XOAUTH2", password, "h", 143));
        Assert.Throws<NotSupportedException>(() => SaslMechanisms.Create("GSSAPI", password, "h", 143));
        Assert.DoesNotContain("p", password.ToString().Replace("(credentials redacted)", "", StringComparison.Ordinal).Replace("u", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
