using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using Imap.Testing.Courier;

namespace Imap.Protocol.Tests.Client;

/// <summary>The client against a real Courier-IMAP 5 through its PREAUTH tunnel.</summary>
public class CourierClientTests
{
    [Fact]
    public async Task Without_file_notification_the_alert_before_the_greeting_is_shown_and_the_session_works()
    {
        Assert.True(CourierServer.IsInstalled, "Courier is not unpacked: run test.sh");
        await using var courier = await CourierServer.StartAsync(new CourierOptions { FileNotification = false });
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { TunnelCommand = courier.TunnelCommand("alice"), ConnectTimeout = TimeSpan.FromSeconds(30) },
            CommandTimeout = TimeSpan.FromSeconds(30),
        });

        Assert.True(client.IsPreAuthenticated);
        Assert.Contains(client.GreetingAlerts, a => a.StartsWith("Filesystem notification initialization error", StringComparison.Ordinal));
        Assert.True(client.Capabilities.UidPlus);
        Assert.False(client.Capabilities.CondStore);
        var select = await client.SelectAsync(new MailboxName("INBOX"));
        Assert.NotNull(select.Mailbox.UidValidity);
        Assert.Null(select.Mailbox.UidNext); // Courier's SELECT never says; the sync adapter asks STATUS
    }
}
