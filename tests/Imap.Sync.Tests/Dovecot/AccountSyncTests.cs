using System.Threading.Channels;
using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.State;
using Imap.Testing.Dovecot;
using Imap.Testing.Faults;
using static Imap.Sync.Tests.Dovecot.DovecotSyncTests;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// The library facade <see cref="AccountSync"/> between two real Dovecot servers: configured with two
/// endpoints and a state path only, run once and in watch mode, with progress events and summaries.
/// </summary>
public sealed class AccountSyncTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Two_endpoints_and_a_state_path_are_enough_to_sync_and_report_progress()
    {
        await using var servers = await TwoDovecots.StartAsync();
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", [Seed("l1", "\\Seen"), Seed("l2")]);
        await servers.Remote.AppendAsync(TwoDovecots.User, "INBOX", Seed("r1", "\\Flagged"));
        var statePath = servers.Work.File("state.db");
        var events = new List<SyncEvent>();

        await using (var sync = new AccountSync(Endpoint(servers.Local), Endpoint(servers.Remote), statePath))
        {
            sync.Progress += (_, e) => { lock (events) { events.Add(e); } };
            var first = await sync.SyncAsync();
            Assert.Empty(first.Errors);
            Assert.Equal((1, 2), (first.MessagesCopiedToLocal, first.MessagesCopiedToRemote));
            var second = await sync.SyncAsync(); // same connections, nothing new
            Assert.Equal((0, 0), (second.MessagesCopiedToLocal, second.MessagesCopiedToRemote));
        }

        Assert.True(File.Exists(statePath));
        Assert.Contains(events, e => e.Kind == SyncEventKind.MailboxStarted && e.Mailbox == "INBOX");
        Assert.Contains(events, e => e.Kind == SyncEventKind.MailboxFinished && e.Mailbox == "INBOX");
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(3, local.Count);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
    }

    [Fact]
    public async Task Watch_runs_again_after_the_interval_and_returns_when_stopped()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var summaries = Channel.CreateUnbounded<SyncSummary>();
        using var stop = new CancellationTokenSource();
        await using var sync = new AccountSync(Endpoint(servers.Local), Endpoint(servers.Remote), servers.Work.File("state.db"));
        var watching = sync.WatchAsync(TimeSpan.FromMilliseconds(100), s => summaries.Writer.TryWrite(s), stop.Token);

        using var deadline = new CancellationTokenSource(Patience);
        var first = await summaries.Reader.ReadAsync(deadline.Token);
        Assert.Equal(0, first.MessagesCopiedToLocal);
        await servers.Remote.AppendAsync(TwoDovecots.User, "INBOX", Seed("later"));
        SyncSummary next;
        do
        {
            next = await summaries.Reader.ReadAsync(deadline.Token); // runs before the append copy nothing
        }
        while (next.MessagesCopiedToLocal == 0);

        await stop.CancelAsync();
        await watching.WaitAsync(Patience);
        Assert.Equal(1, next.MessagesCopiedToLocal);
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Remote), await TwoDovecots.ReadBackAsync(servers.Local));
    }

    [Fact]
    public async Task Watch_with_listening_runs_as_soon_as_a_server_reports_a_change_not_after_the_interval()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var summaries = Channel.CreateUnbounded<SyncSummary>();
        using var stop = new CancellationTokenSource();
        await using var sync = new AccountSync(Endpoint(servers.Local), Endpoint(servers.Remote), servers.Work.File("state.db")) { ListenForChanges = true };
        // An hour between runs: the second run can only come from the remote's report of the new message.
        var watching = sync.WatchAsync(TimeSpan.FromHours(1), s => summaries.Writer.TryWrite(s), stop.Token);

        using var deadline = new CancellationTokenSource(Patience);
        var first = await summaries.Reader.ReadAsync(deadline.Token);
        Assert.Equal(0, first.MessagesCopiedToLocal);
        await servers.Remote.AppendAsync(TwoDovecots.User, "INBOX", Seed("pushed"));
        SyncSummary next;
        do
        {
            // A run that wrote is heard too (its own changes), which costs one more no-op run: never a missed change.
            next = await summaries.Reader.ReadAsync(deadline.Token);
        }
        while (next.MessagesCopiedToLocal == 0);

        await stop.CancelAsync();
        await watching.WaitAsync(Patience);
        Assert.Equal(1, next.MessagesCopiedToLocal);
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Remote), await TwoDovecots.ReadBackAsync(servers.Local));
    }

    [Fact]
    public async Task Watch_reopens_a_lost_connection_with_a_warning_and_goes_on()
    {
        await using var servers = await TwoDovecots.StartAsync();
        await using var proxy = FaultProxy.Start(servers.Remote.Host, servers.Remote.Port);
        var remote = SyncEndpoint.Imap(
            ClientOptions(proxy.Host, proxy.Port),
            new ImapCredentials { UserName = TwoDovecots.User, Password = servers.Remote.PasswordOf(TwoDovecots.User) });
        var summaries = Channel.CreateUnbounded<SyncSummary>();
        var warned = new TaskCompletionSource<SyncEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        await using var sync = new AccountSync(Endpoint(servers.Local), remote, servers.Work.File("state.db"));
        sync.Progress += (_, e) =>
        {
            if (e.Kind == SyncEventKind.Warning && e.Message.StartsWith("Connection lost", StringComparison.Ordinal))
            {
                warned.TrySetResult(e);
            }
        };
        var watching = sync.WatchAsync(TimeSpan.FromMilliseconds(100), s => summaries.Writer.TryWrite(s), stop.Token);

        using var deadline = new CancellationTokenSource(Patience);
        await summaries.Reader.ReadAsync(deadline.Token);
        proxy.CutAll();
        await warned.Task.WaitAsync(Patience);
        await servers.Remote.AppendAsync(TwoDovecots.User, "INBOX", Seed("after-the-cut"));
        SyncSummary next;
        do
        {
            next = await summaries.Reader.ReadAsync(deadline.Token);
        }
        while (next.MessagesCopiedToLocal == 0);

        await stop.CancelAsync();
        await watching.WaitAsync(Patience);
        Assert.True(proxy.ConnectionCount >= 2, $"the remote was connected {proxy.ConnectionCount} time(s)");
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Remote), await TwoDovecots.ReadBackAsync(servers.Local));
    }

    [Fact]
    public async Task Without_CreateStateIfMissing_a_missing_state_file_stops_the_run_and_is_not_created()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var statePath = servers.Work.File("missing.db");
        await using var sync = new AccountSync(Endpoint(servers.Local), Endpoint(servers.Remote), statePath) { CreateStateIfMissing = false };

        await Assert.ThrowsAnyAsync<SyncStateException>(() => sync.SyncAsync());
        Assert.False(File.Exists(statePath));
    }

    [Fact]
    public async Task An_endpoint_without_credentials_names_its_host_when_the_server_asks_for_a_login()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var anonymous = SyncEndpoint.Imap(ClientOptions(servers.Local.Host, servers.Local.Port));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => anonymous.OpenAsync());
        Assert.Contains(servers.Local.Host, error.Message, StringComparison.Ordinal);
        Assert.Contains("no credentials", error.Message, StringComparison.Ordinal);
    }

    private static SyncEndpoint Endpoint(DovecotServer server) => SyncEndpoint.Imap(
        ClientOptions(server.Host, server.Port),
        new ImapCredentials { UserName = TwoDovecots.User, Password = server.PasswordOf(TwoDovecots.User) });

    private static ImapClientOptions ClientOptions(string host, int port) => new()
    {
        Transport = new ImapTransportOptions { Host = host, Port = port, Security = ImapSecurity.None, ConnectTimeout = TimeSpan.FromSeconds(20) },
        CommandTimeout = TimeSpan.FromSeconds(60),
    };
}
