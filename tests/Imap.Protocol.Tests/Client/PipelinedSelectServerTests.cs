using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using Imap.Testing;
using Imap.Testing.Courier;
using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;
using static Imap.Protocol.Tests.Dovecot.DovecotClients;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// <c>SELECT a; UID FETCH; UID STORE; SELECT b; UID FETCH; SELECT missing; UID STORE</c> issued in one
/// flight without awaiting, against real Dovecot, Cyrus and Courier: every command runs in the mailbox
/// it was called in, and the STORE after the failed SELECT fails and changes nothing.
/// </summary>
public class PipelinedSelectServerTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private const string User = "alice";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dovecot_runs_each_command_of_the_flight_in_its_own_mailbox()
    {
        var server = fixture.Server;
        await using var client = await LoginAsync(server, User, depth: 16);
        await RunFlightAsync(server, client, "pipesel-" + Guid.NewGuid().ToString("N")[..8] + "-");
    }

    [Fact]
    public async Task Cyrus_runs_each_command_of_the_flight_in_its_own_mailbox()
    {
        Assert.True(CyrusServer.IsInstalled, "Cyrus is not installed: run test.sh");
        await using var server = await CyrusServer.StartAsync(new CyrusOptions { Tls = false });
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = server.Host, Port = server.Port, Security = ImapSecurity.None, ConnectTimeout = s_limit },
            PipelineDepth = 16,
            CommandTimeout = s_limit,
        });
        await client.AuthenticateAsync(new() { UserName = User, Password = server.PasswordOf(User) });
        await RunFlightAsync(server, client, server.PersonalPrefix + "pipesel-");
    }

    [Fact]
    public async Task Courier_runs_each_command_of_the_flight_in_its_own_mailbox()
    {
        Assert.True(CourierServer.IsInstalled, "Courier is not unpacked: run test.sh");
        await using var server = await CourierServer.StartAsync();
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { TunnelCommand = server.TunnelCommand(User), ConnectTimeout = s_limit },
            PipelineDepth = 16,
            CommandTimeout = s_limit,
        });
        await RunFlightAsync(server, client, CourierServer.PersonalPrefix + "pipesel-");
    }

    private static async Task RunFlightAsync(LocalImapServer server, ImapClient client, string prefix)
    {
        string a = prefix + "a", b = prefix + "b", missing = prefix + "missing";
        await server.CreateMailboxAsync(User, a);
        await server.CreateMailboxAsync(User, b);
        var inA = await server.AppendAsync(User, a, Enumerable.Range(0, 3).Select(i => SeedMessage.Simple($"a{i}@pipesel")));
        var inB = await server.AppendAsync(User, b, Enumerable.Range(0, 2).Select(i => SeedMessage.Simple($"b{i}@pipesel") with { Flags = ["\\Seen"] }));
        var uidsA = UidSet.FromUids(inA.Select(u => new Uid(u)));
        var uidsB = UidSet.FromUids(inB.Select(u => new Uid(u)));
        // Both mailboxes number from 1: a's UIDs asked in b find only b's two \Seen messages.
        Assert.True(uidsA.Contains(new Uid(inB[0])) && uidsA.Contains(new Uid(inB[1])));
        var flags = new FetchRequest { Flags = true };

        var selectA = client.SelectAsync(new MailboxName(a));
        var fetchA = client.FetchListAsync(uidsA, flags);
        var storeA = client.StoreAsync(UidSet.FromUid(new Uid(inA[0])), StoreAction.Add, ["\\Answered"]);
        var selectB = client.SelectAsync(new MailboxName(b));
        var fetchB = client.FetchListAsync(uidsA, flags);
        var selectMissing = client.SelectAsync(new MailboxName(missing));
        var storeAfter = client.StoreAsync(uidsB, StoreAction.Add, ["\\Draft"]);

        var modelA = (await selectA.WaitAsync(s_limit)).Mailbox;
        Assert.Equal(3u, modelA.Exists);
        var fetchedA = await fetchA.WaitAsync(s_limit);
        Assert.Equal(inA, fetchedA.Select(f => f.Uid!.Value.Value).Order());
        Assert.All(fetchedA, f => Assert.DoesNotContain(ImapFlag.Seen, f.Flags!.Value));
        var stored = Assert.Single((await storeA.WaitAsync(s_limit)).Updated);
        Assert.Contains(ImapFlag.Answered, stored.Flags!.Value);
        var modelB = (await selectB.WaitAsync(s_limit)).Mailbox;
        Assert.Equal(2u, modelB.Exists);
        var fetchedB = await fetchB.WaitAsync(s_limit);
        Assert.Equal(inB, fetchedB.Select(f => f.Uid!.Value.Value).Order());
        Assert.All(fetchedB, f => Assert.Contains(ImapFlag.Seen, f.Flags!.Value));
        await Assert.ThrowsAsync<ImapCommandException>(() => selectMissing.WaitAsync(s_limit));
        var refused = await Assert.ThrowsAsync<ImapCommandException>(() => storeAfter.WaitAsync(s_limit));
        Assert.NotEqual(ImapStatus.Ok, refused.Status);

        Assert.True(modelA.IsClosed);
        Assert.True(modelB.IsClosed);
        Assert.Null(client.Selected);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        var nowA = await server.FetchMessagesAsync(User, a);
        Assert.Equal(["\\Answered"], nowA.Single(m => m.Uid == inA[0]).Flags);
        Assert.All(nowA.Where(m => m.Uid != inA[0]), m => Assert.Empty(m.Flags));
        Assert.All(await server.FetchMessagesAsync(User, b), m => Assert.Equal(["\\Seen"], m.Flags));
        // The connection is still usable and in no mailbox.
        await client.NoopAsync().WaitAsync(s_limit);
    }
}
