using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Wiring;

/// <summary>Placeholder until the IMAP client is wired in: the database opens, connecting fails clearly.</summary>
internal sealed class PendingServerConnector : IServerConnector
{
    public Task<IConnectedServer> ConnectAsync(ServerConfig server, ConnectionSettings settings, Logger logger, CancellationToken cancellationToken) =>
        throw new CliFailure(ExitCodes.InternalError, "IMAP connections are not available in this build yet");
}
