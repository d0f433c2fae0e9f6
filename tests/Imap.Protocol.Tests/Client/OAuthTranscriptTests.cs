using System.Text;
using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>Dovecot's fixture has no OAuth passdb, so the token mechanisms are checked against transcripts.</summary>
public class OAuthTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Xoauth2_with_sasl_ir()
    {
        var expected = Convert.ToBase64String(Encoding.ASCII.GetBytes("user=alice\u0001auth=Bearer tok\u0001\u0001"));
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] hi",
            new Exchange($"AUTHENTICATE XOAUTH2 {expected}", "{tag} OK [CAPABILITY IMAP4rev1] in"));
        await using var client = await Connect(server);
        await client.AuthenticateAsync(new ImapCredentials { UserName = "alice", AccessToken = "tok" }, ["XOAUTH2"]).WaitAsync(s_limit);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task Oauthbearer_error_challenge_is_answered_and_the_no_reported()
    {
        var error = Convert.ToBase64String("{\"status\":\"invalid_token\"}"u8);
        await using var server = new ScriptedImapServer("* OK [CAPABILITY IMAP4rev1 AUTH=OAUTHBEARER] hi",
            new Exchange("AUTHENTICATE OAUTHBEARER", "+ "),
            new Exchange("*", "+ " + error),
            new Exchange("AQ==", "{tag0} NO [AUTHENTICATIONFAILED] invalid token"));
        await using var client = await Connect(server);
        var ex = await Assert.ThrowsAsync<ImapCommandException>(() =>
            client.AuthenticateAsync(new ImapCredentials { UserName = "alice", AccessToken = "tok" }, ["OAUTHBEARER"]).WaitAsync(s_limit));
        Assert.Equal("AUTHENTICATE OAUTHBEARER", ex.Command);
        Assert.Equal(Imap.Protocol.Model.ResponseCodeKind.AuthenticationFailed, ex.Code!.Kind);
        Assert.Null(server.Error);
    }
}
