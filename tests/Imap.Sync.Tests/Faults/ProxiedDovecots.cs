using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Sync.State;
using Imap.Sync.Tests.Dovecot;
using Imap.Testing.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Faults;

/// <summary>
/// Two real Dovecots, each behind its own <see cref="FaultProxy"/>; the engine always talks through
/// the proxies, so a trial only has to set faults on one of them.
/// </summary>
internal sealed class ProxiedDovecots : IAsyncDisposable
{
    private ProxiedDovecots(TwoDovecots servers)
    {
        Servers = servers;
        LocalProxy = FaultProxy.Start(servers.Local.Host, servers.Local.Port);
        RemoteProxy = FaultProxy.Start(servers.Remote.Host, servers.Remote.Port);
    }

    public TwoDovecots Servers { get; }

    public FaultProxy LocalProxy { get; }

    public FaultProxy RemoteProxy { get; }

    /// <summary>Command timeout of every connection the engine opens (short, so stalls end quickly).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Features each side's adapter turns off (e.g. MOVE, to use COPY and EXPUNGE instead); null: all offered.</summary>
    public ServerFeatures? LocalMask { get; set; }

    /// <inheritdoc cref="LocalMask"/>
    public ServerFeatures? RemoteMask { get; set; }

    public static async Task<ProxiedDovecots> StartAsync() => new(await TwoDovecots.StartAsync());

    public FaultProxy Proxy(SyncSide side) => side == SyncSide.Local ? LocalProxy : RemoteProxy;

    public void ClearFaults()
    {
        LocalProxy.Faults = [];
        RemoteProxy.Faults = [];
    }

    /// <summary>One engine run through the proxies; each side's protocol trace goes to its own sink when given, and each connection through <paramref name="wrap"/>.</summary>
    public async Task<SyncSummary> SyncAsync(
        string databasePath,
        SyncOptions options,
        IProgress<SyncEvent>? progress = null,
        Action<string>? localTrace = null,
        Action<string>? remoteTrace = null,
        Func<IMailServer, IMailServer>? wrap = null,
        CancellationToken cancellationToken = default)
    {
        using var state = SyncStateStore.Open(databasePath);
        await using var local = await OpenAsync(LocalProxy, Servers.Local, localTrace, LocalMask, cancellationToken);
        await using var remote = await OpenAsync(RemoteProxy, Servers.Remote, remoteTrace, RemoteMask, cancellationToken);
        var engine = new SyncEngine(state, wrap?.Invoke(local) ?? local, wrap?.Invoke(remote) ?? remote, options, progress);
        return await engine.SyncAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await LocalProxy.DisposeAsync();
        await RemoteProxy.DisposeAsync();
        await Servers.DisposeAsync();
    }

    private async Task<ImapMailServer> OpenAsync(FaultProxy proxy, DovecotServer server, Action<string>? trace, ServerFeatures? mask, CancellationToken cancellationToken)
    {
        var client = await ImapClient.ConnectAsync(
            new ImapClientOptions
            {
                Transport = new ImapTransportOptions { Host = proxy.Host, Port = proxy.Port, Security = ImapSecurity.None, ConnectTimeout = TimeSpan.FromSeconds(10) },
                CommandTimeout = CommandTimeout,
                Trace = trace,
                Limits = ImapMailServer.ReaderLimits, // as the CLI: bodies into the adapter's pooled memory
                PipelineDepth = ImapMailServer.PipelineDepth,
            },
            cancellationToken);
        try
        {
            await client.AuthenticateAsync(new ImapCredentials { UserName = TwoDovecots.User, Password = server.PasswordOf(TwoDovecots.User) }, cancellationToken: cancellationToken);
            return await ImapMailServer.OpenAsync(client, new ImapMailServerOptions { FeatureMask = mask }, cancellationToken);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
