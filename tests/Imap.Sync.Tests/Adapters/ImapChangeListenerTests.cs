using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// The change listener against a real Dovecot: NOTIFY where offered, else IDLE on INBOX; its IDLE is
/// renewed (DONE, then IDLE again) at the client's renewal interval and still wakes on new mail; a
/// keepalive is not a change; and it hears from the moment it starts, so a change made after a run
/// looked (after <see cref="IChangeListener.Forget"/>) wakes the next wait at once.
/// </summary>
public sealed class ImapChangeListenerTests
{
    private const string User = "alice";

    [Fact]
    public async Task The_listener_renews_its_IDLE_and_still_wakes_up_on_new_mail()
    {
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Tls = false, Notify = false });
        var trace = new List<string>();
        await using var listener = (await ImapChangeListener.StartAsync(await ConnectAsync(dovecot, trace)))!;
        Assert.Equal(ChangeListenerScope.Inbox, listener.Scope);
        var wait = listener.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await WhileWaitingAsync(wait, trace, l => l == "C: DONE", "IDLE was not renewed twice");

        await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("renewed@e2e.example"));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(20)));
        lock (trace)
        {
            Assert.Contains(trace, l => l.EndsWith(" EXAMINE INBOX", StringComparison.Ordinal));
            Assert.True(trace.Count(l => l.EndsWith(" IDLE", StringComparison.Ordinal)) >= 3, string.Join('\n', trace));
            Assert.Equal(trace.Count(l => l.EndsWith(" IDLE", StringComparison.Ordinal)), trace.Count(l => l.Contains(" OK Idle completed", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_change_made_after_Forget_wakes_the_next_wait(bool notify)
    {
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Tls = false, Notify = notify });
        await using var listener = (await ImapChangeListener.StartAsync(await ConnectAsync(dovecot, null)))!;
        Assert.Equal(notify ? ChangeListenerScope.EveryMailbox : ChangeListenerScope.Inbox, listener.Scope);
        var interval = TimeSpan.FromSeconds(60);

        await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("before@e2e.example"));
        await Task.Delay(200); // not a synchronization: an early report is forgotten below either way
        listener.Forget();
        // A run has looked at INBOX; a message arrives before it ends and the wait begins.
        await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("during@e2e.example"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await listener.WaitAsync(interval, CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"woken after {clock.Elapsed}");
    }

    [Fact]
    public async Task Nothing_heard_after_Forget_waits_for_the_timeout()
    {
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Tls = false, Notify = true });
        await using var listener = (await ImapChangeListener.StartAsync(await ConnectAsync(dovecot, null)))!;
        await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("covered@e2e.example"));
        // Heard first (the wait ends after the IDLE's reply, so the whole report is in), then forgotten.
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None));
        listener.Forget();

        Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }

    [Fact]
    public async Task A_keepalive_from_the_server_during_IDLE_is_not_taken_for_a_change()
    {
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Tls = false, Notify = false, IdleNotifyInterval = TimeSpan.FromSeconds(1) });
        var trace = new List<string>();
        await using var listener = (await ImapChangeListener.StartAsync(await ConnectAsync(dovecot, trace, renew: false)))!;
        var wait = listener.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await WhileWaitingAsync(wait, trace, l => l.StartsWith("S: * OK Still here", StringComparison.Ordinal), "no keepalive from Dovecot");
        await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("after-keepalive@e2e.example"));
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    /// <summary>Polls the trace until two lines match, failing if the wait ends first (nothing changed yet) or after 20 s.</summary>
    private static async Task WhileWaitingAsync(Task<bool> wait, List<string> trace, Func<string, bool> line, string failure)
    {
        string Text()
        {
            lock (trace)
            {
                return string.Join('\n', trace);
            }
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            Assert.False(wait.IsCompleted, "the wait ended before any change:\n" + Text());
            lock (trace)
            {
                if (trace.Count(line) >= 2)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, failure + ":\n" + Text());
            await Task.Delay(50);
        }
    }

    private static async Task<ImapClient> ConnectAsync(DovecotServer dovecot, List<string>? trace, bool renew = true)
    {
        var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = dovecot.Host, Port = dovecot.Port, Security = ImapSecurity.None },
            CommandTimeout = TimeSpan.FromSeconds(30),
            IdleRenewalInterval = renew ? TimeSpan.FromMilliseconds(400) : null,
            Trace = trace is null ? null : line =>
            {
                lock (trace)
                {
                    trace.Add(line);
                }
            },
        });
        await client.AuthenticateAsync(new ImapCredentials { UserName = User, Password = dovecot.PasswordOf(User) });
        return client;
    }
}
