using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Running;

/// <summary>Opens the database and connects to both servers.</summary>
internal interface ISyncSessionFactory
{
    Task<ISyncSession> OpenAsync(SyncConfig config, CliOptions options, Logger logger, CancellationToken stop);
}
