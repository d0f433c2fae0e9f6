using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// An untagged <c>* OK [ALERT]</c> before the greeting (Courier without its file-notification daemon):
/// it is shown (<see cref="ImapClient.GreetingAlerts"/>) and the real greeting that follows counts.
/// </summary>
public class GreetingAlertTranscriptTests
{
    private const string Alert = "* OK [ALERT] Filesystem notification initialization error -- contact your mail administrator";

    [Fact]
    public async Task An_alert_before_a_preauth_greeting_is_kept_and_the_session_is_pre_authenticated()
    {
        await using var server = new ScriptedImapServer(Alert + "\r\n* PREAUTH Ready.",
            new Exchange("CAPABILITY", "* CAPABILITY IMAP4rev1 UIDPLUS NAMESPACE", "{tag} OK CAPABILITY completed"),
            new Exchange("NOOP", "{tag} OK NOOP completed"));
        await using var client = await TranscriptClient.Connect(server);

        Assert.True(client.IsPreAuthenticated);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        Assert.Equal("Ready.", client.GreetingText);
        Assert.Equal([Alert["* OK [ALERT] ".Length..]], client.GreetingAlerts);
        Assert.True(client.Capabilities.UidPlus);
        await client.NoopAsync();
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task An_alert_that_is_the_greeting_leaves_a_login_to_do()
    {
        await using var server = new ScriptedImapServer("* OK [ALERT] Maintenance tonight at 22:00",
            new Exchange("CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN", "{tag} OK done"));
        await using var client = await TranscriptClient.Connect(server);

        Assert.False(client.IsPreAuthenticated);
        Assert.Equal(ImapConnectionState.NotAuthenticated, client.State);
        Assert.Equal(["Maintenance tonight at 22:00"], client.GreetingAlerts);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task A_late_preauth_on_plain_text_is_refused_when_starttls_is_required()
    {
        await using var server = new ScriptedImapServer(Alert + "\r\n* PREAUTH Ready.",
            new Exchange("CAPABILITY", "* CAPABILITY IMAP4rev1 STARTTLS", "{tag} OK done"));

        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => TranscriptClient.Connect(server, security: ImapSecurity.StartTls));
        Assert.Contains("PREAUTH greeting on plaintext connection", ex.Message, StringComparison.Ordinal);
    }
}
