using Imap.Sync.Adapters;
using Imap.Sync;
using Imap.Sync.State;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// Opens the database first (its lock keeps a second instance away before any network traffic, as
/// InterIMAP does), then connects to both servers at the same time.
/// </summary>
internal sealed class EngineSessionFactory : ISyncSessionFactory
{
    private readonly IServerConnector _connector;

    public EngineSessionFactory(IServerConnector connector) => _connector = connector;

    public async Task<ISyncSession> OpenAsync(SyncConfig config, CliOptions options, Logger logger, CancellationToken stop)
    {
        var state = OpenState(config, options);
        var spool = ClaimSpool(config, state);
        var settings = new ConnectionSettings(options.IsWatching, options.DebugLevel, spool.Path);
        var local = _connector.ConnectAsync(config.Local, settings, logger, stop);
        var remote = _connector.ConnectAsync(config.Remote, settings, logger, stop);
        try
        {
            await Task.WhenAll(local, remote);
        }
        catch
        {
            foreach (var connected in new[] { local, remote }.Where(t => t.IsCompletedSuccessfully))
            {
                await connected.Result.DisposeAsync();
            }

            spool.Dispose();
            state.Dispose();
            throw;
        }

        var extraConnections = new ExtraConnections(_connector, config, settings, logger);
        return new EngineSession(state, local.Result, remote.Result, SyncOptionsFor(config, options), options, logger, extraConnections, spool);
    }

    public static SyncOptions SyncOptionsFor(SyncConfig config, CliOptions options) => new()
    {
        ListMailbox = config.ListMailbox,
        ListSelectOptions = config.ListSelectOptions,
        LocalListReference = config.Local.ListReference,
        RemoteListReference = config.Remote.ListReference,
        LocalPersonalNamespace = config.Local.PersonalNamespace,
        RemotePersonalNamespace = config.Remote.PersonalNamespace,
        IgnoreMailbox = config.IgnoreMailbox,
        MassExpungeLimit = options.AllowMassExpunge ? null : config.MassExpungeLimit,
        Mailboxes = options.Command is SyncCommand.Sync or SyncCommand.Repair ? options.Mailboxes : [],
        MaxMailboxesInFlight = Math.Min(config.Local.MaxConnections, config.Remote.MaxConnections),
    };

    /// <summary>The database lock makes this run the spool directory's only user: what is in it was left by a killed run.</summary>
    private static SpoolDirectory ClaimSpool(SyncConfig config, SyncStateStore state)
    {
        var path = config.DatabasePath + ".spool";
        try
        {
            return SpoolDirectory.Claim(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            state.Dispose();
            throw new CliFailure(ExitCodes.SyncError, $"spool directory {path}: {e.Message}", e);
        }
    }

    private static SyncStateStore OpenState(SyncConfig config, CliOptions options)
    {
        var directory = Path.GetDirectoryName(config.DatabasePath);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            return SyncStateStore.Open(config.DatabasePath, createIfMissing: !options.IsWatching);
        }
        catch (SyncStateLockedException e)
        {
            throw new CliFailure(ExitCodes.Locked, $"database: {e.Message}", e);
        }
        catch (SyncStateException e)
        {
            throw new CliFailure(ExitCodes.SyncError, $"database: {e.Message}", e);
        }
    }
}
