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
    /// Called before each sync in <c>--notify</c> mode: starts listening if not yet, and forgets the
    /// changes reported so far (the sync covers them), so a change made while the sync runs wakes the
    /// next wait instead of waiting for <paramref name="interval"/>.
    /// </summary>
    Task BeforeSyncAsync(TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the server reports a change (NOTIFY, else IDLE) or <paramref name="timeout"/>
    /// passes; returns false at once when the server offers neither (the caller then polls).
    /// </summary>
    Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
