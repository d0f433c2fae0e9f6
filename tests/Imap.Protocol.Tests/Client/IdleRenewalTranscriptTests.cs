using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using static Imap.Protocol.Tests.Client.TranscriptClient;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// IDLE is renewed (DONE, then a new IDLE) every <see cref="ImapClientOptions.IdleRenewalInterval"/>,
/// as RFC 2177 asks before 29 minutes; a server that never answers DONE times out like any command.
/// </summary>
public sealed class IdleRenewalTranscriptTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Idle_is_ended_and_issued_again_at_the_renewal_interval_and_still_reports_changes()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("SELECT INBOX", "* 1 EXISTS", "{tag} OK [READ-WRITE] ok"),
            new Exchange("IDLE", "+ idling"),
            new Exchange("DONE", "{tag0} OK idle done"),
            new Exchange("IDLE", "+ idling"),
            new Exchange("DONE", "{tag0} OK idle done"),
            new Exchange("IDLE", "+ idling", "* 2 EXISTS"),
            new Exchange("DONE", "{tag0} OK idle done"));
        await using var client = await ConnectAsync(server, renewal: TimeSpan.FromMilliseconds(200));
        await client.SelectAsync(new MailboxName("INBOX"));
        var sawExists = new TaskCompletionSource();
        client.UntaggedResponse += (_, r) =>
        {
            if (r is ExistsResponse { Count: 2 })
            {
                sawExists.TrySetResult();
            }
        };

        using var stop = new CancellationTokenSource();
        var idle = client.IdleAsync(stop.Token);
        await sawExists.Task.WaitAsync(s_limit);
        await stop.CancelAsync();
        await idle.WaitAsync(s_limit);

        Assert.Null(server.Error);
        Assert.Equal(["SELECT INBOX", "IDLE", "DONE", "IDLE", "DONE", "IDLE", "DONE"], server.Received);
        Assert.Equal(2u, client.Selected!.Exists);
    }

    [Fact]
    public async Task A_server_that_never_answers_DONE_fails_the_idle_with_a_timeout_naming_it()
    {
        await using var server = new ScriptedImapServer(Greeting,
            new Exchange("IDLE", "+ idling"),
            new Exchange("DONE"));
        await using var client = await ConnectAsync(server, renewal: TimeSpan.FromMilliseconds(100), timeout: TimeSpan.FromMilliseconds(500));

        using var stop = new CancellationTokenSource();
        var error = await Assert.ThrowsAsync<ImapTimeoutException>(() => client.IdleAsync(stop.Token).WaitAsync(s_limit));

        Assert.Contains("IDLE", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ImapConnectionException>(() => client.NoopAsync().WaitAsync(s_limit));
    }

    private static Task<ImapClient> ConnectAsync(ScriptedImapServer server, TimeSpan renewal, TimeSpan? timeout = null) =>
        ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None, ConnectTimeout = TimeSpan.FromSeconds(10) },
            CommandTimeout = timeout ?? s_limit,
            IdleRenewalInterval = renewal,
        });
}
