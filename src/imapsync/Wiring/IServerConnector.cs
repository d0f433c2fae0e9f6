using Imap.Sync.Ports;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Wiring;

/// <summary>Connects, secures and logs in to one server, giving the engine its view of it.</summary>
internal interface IServerConnector
{
    Task<IConnectedServer> ConnectAsync(ServerConfig server, ConnectionSettings settings, Logger logger, CancellationToken cancellationToken);
}

/// <summary>Run-wide settings a connection needs besides its own section.</summary>
/// <param name="Watching">Long-lived mode (TCP keepalive).</param>
/// <param name="DebugLevel">--debug count: 1 traces with credentials redacted, 2 shows them.</param>
/// <param name="SpoolPath">The run's spool directory for large bodies; null: the system temporary directory.</param>
internal sealed record ConnectionSettings(bool Watching, int DebugLevel, string? SpoolPath = null);

/// <summary>A logged-in server: the engine's port plus what watch mode needs.</summary>
internal interface IConnectedServer : IAsyncDisposable
{
    IMailServer Server { get; }

    /// <summary>Bytes exchanged with the server so far, over all of this server's connections.</summary>
    ServerTraffic Traffic { get; }

    /// <summary>
    /// <c>--notify</c> mode: the server's change listener, started on first call (and kept); null when
    /// the server offers neither NOTIFY nor IDLE: it is then polled every <paramref name="interval"/>.
    /// </summary>
    Task<IChangeListener?> ListenAsync(TimeSpan interval, CancellationToken cancellationToken);
}
