using Imap.Sync;
using Imap.Sync.Ports;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// Opens the additional connections the engine asks for to synchronize several mailboxes at once
/// (<c>max-connections</c>), and closes them after each run: the engine disposes only its port, not
/// the client behind it.
/// </summary>
internal sealed class ExtraConnections
{
    private readonly IServerConnector _connector;
    private readonly SyncConfig _config;
    private readonly ConnectionSettings _settings;
    private readonly Logger _logger;
    private readonly List<(SyncSide Side, IConnectedServer Server)> _opened = [];

    public ExtraConnections(IServerConnector connector, SyncConfig config, ConnectionSettings settings, Logger logger)
    {
        _connector = connector;
        _config = config;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>The engine's <see cref="MailServerConnector"/>.</summary>
    public async Task<IMailServer> ConnectAsync(SyncSide side, CancellationToken cancellationToken)
    {
        var server = side == SyncSide.Local ? _config.Local : _config.Remote;
        var connected = await _connector.ConnectAsync(server, _settings with { Watching = false }, _logger, cancellationToken).ConfigureAwait(false);
        lock (_opened)
        {
            _opened.Add((side, connected));
        }

        return connected.Server;
    }

    /// <summary>Closes every connection opened so far (called after each run); returns their traffic per side.</summary>
    public async Task<(ServerTraffic Local, ServerTraffic Remote)> CloseAllAsync()
    {
        (SyncSide Side, IConnectedServer Server)[] opened;
        lock (_opened)
        {
            opened = [.. _opened];
            _opened.Clear();
        }

        var local = ServerTraffic.None;
        var remote = ServerTraffic.None;
        foreach (var (side, connected) in opened)
        {
            if (side == SyncSide.Local)
            {
                local = local.Plus(connected.Traffic);
            }
            else
            {
                remote = remote.Plus(connected.Traffic);
            }

            await connected.DisposeAsync().ConfigureAwait(false);
        }

        return (local, remote);
    }
}
