using System.Reflection;
using System.Runtime.InteropServices;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli;

/// <summary>The program: parse, load the configuration, run, report, and map the outcome to an exit code.</summary>
internal sealed class App
{
    private readonly CliEnvironment _environment;
    private readonly ISyncSessionFactory _factory;
    private readonly Func<PosixSignal?> _receivedSignal;

    /// <param name="receivedSignal">Which signal stopped the run, if any (SIGINT and SIGTERM exit differently).</param>
    public App(CliEnvironment environment, ISyncSessionFactory factory, Func<PosixSignal?>? receivedSignal = null)
    {
        _environment = environment;
        _factory = factory;
        _receivedSignal = receivedSignal ?? (() => null);
    }

    public static string Version =>
        typeof(App).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken stop)
    {
        var error = _environment.Error;
        CliOptions options;
        try
        {
            options = CommandLineParser.Parse(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync("imapsync: " + e.Message);
            await error.WriteLineAsync(HelpText.Usage);
            return ExitCodes.UsageOrConfig;
        }

        if (options.ShowHelp)
        {
            await _environment.Out.WriteLineAsync(HelpText.Manual);
            return ExitCodes.Success;
        }

        if (options.ShowVersion)
        {
            await _environment.Out.WriteLineAsync($"imapsync {Version}");
            return ExitCodes.Success;
        }

        SyncConfig config;
        try
        {
            var directories = XdgDirectories.FromEnvironment(_environment.GetVariable);
            config = ConfigLoader.Load(directories.ResolveConfigFile(options.ConfigFile), directories);
            CheckDatabase(config, options);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync("imapsync: " + e.Message);
            return ExitCodes.UsageOrConfig;
        }

        Logger logger;
        try
        {
            var file = config.LogFile is null ? null : LogFileWriter.Open(config.LogFile, _environment.Clock);
            logger = new Logger(config.LogPrefix, error, file, options.Quiet, options.DebugLevel);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"imapsync: {config.FilePath}: logfile: cannot open {config.LogFile}: {e.Message}");
            return ExitCodes.UsageOrConfig;
        }

        using (logger)
        {
            foreach (var warning in config.Warnings)
            {
                logger.Warning(null, null, warning);
            }

            return await RunAsync(config, options, logger, stop);
        }
    }

    private async Task<int> RunAsync(SyncConfig config, CliOptions options, Logger logger, CancellationToken stop)
    {
        var loop = new WatchLoop(_factory, config, options, logger, _environment.Clock);
        var started = _environment.Clock.GetTimestamp();
        loop.RunCompleted = run =>
        {
            if (!options.Quiet && HasChanges(run))
            {
                logger.Info(null, null, SummaryWriter.Text(run, _environment.Clock.GetElapsedTime(started)).Split('\n')[0]);
            }
        };
        ProgressDisplay? progress = null;
        ProgressLog? progressLog = null;
        if (_environment.ErrorIsTerminal && !options.Quiet && !options.IsWatching)
        {
            progress = new ProgressDisplay(_environment.Error, _environment.Clock, () => loop.Current);
            logger.Progress = progress;
        }
        else if (!_environment.ErrorIsTerminal && !options.Quiet)
        {
            progressLog = new ProgressLog(logger, _environment.Clock, () => loop.Current, _environment.ProgressLogInterval);
        }

        int exitCode;
        string? message = null;
        try
        {
            await loop.RunAsync(stop);
            exitCode = ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var received = _receivedSignal();
            exitCode = received == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Success;
            logger.Info(null, null, $"stopped by {received?.ToString() ?? "request"}; state committed");
        }
        catch (Exception e)
        {
            (exitCode, message) = ErrorClassifier.Classify(e);
            if (exitCode == ExitCodes.InternalError && options.DebugLevel > 0)
            {
                logger.Debug(e);
            }

            logger.Error(null, null, message);
        }
        finally
        {
            if (progress is not null)
            {
                logger.Progress = null;
                await progress.DisposeAsync();
            }

            if (progressLog is not null)
            {
                await progressLog.DisposeAsync();
            }
        }

        var elapsed = _environment.Clock.GetElapsedTime(started);
        if (!options.Quiet && !options.IsWatching && options.Command == SyncCommand.Sync
            && (exitCode == ExitCodes.Success || HasChanges(loop.Total)))
        {
            foreach (var line in SummaryWriter.Text(loop.Total, elapsed).Split('\n'))
            {
                logger.Info(null, null, line);
            }
        }

        if (options.Json)
        {
            await _environment.Out.WriteLineAsync(SummaryWriter.Json(loop.Total, elapsed, exitCode, message));
        }

        return exitCode;
    }

    private static bool HasChanges(SyncStatistics s) =>
        s.MessagesToLocal + s.MessagesToRemote + s.FlagUpdates + s.Expunges + s.MailboxesCreated > 0;

    /// <summary>Like InterIMAP, watch mode never creates the database: a typo in the config would start from scratch.</summary>
    private static void CheckDatabase(SyncConfig config, CliOptions options)
    {
        if (options.IsWatching && !File.Exists(config.DatabasePath))
        {
            throw new ConfigException(config.FilePath, 0, "database",
                $"{config.DatabasePath} does not exist; watch mode does not create it: run imapsync once without --watch or --notify");
        }
    }
}
