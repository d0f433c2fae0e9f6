using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Running;

/// <summary>Placeholder until the IMAP client and the sync engine are wired in.</summary>
internal sealed class NotYetAvailableSessionFactory : ISyncSessionFactory
{
    public Task<ISyncSession> OpenAsync(SyncConfig config, CliOptions options, Logger logger, CancellationToken stop) =>
        throw new CliFailure(ExitCodes.InternalError, "synchronization is not available in this build yet");
}
