using System.Net.Sockets;
using System.Security.Authentication;
using Imap.Protocol.Transport;
using Imap.Sync;
using Imap.Sync.Ports;
using Imap.Sync.State;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Running;

/// <summary>Turns an exception into the one line shown to the user and the documented exit code.</summary>
internal static class ErrorClassifier
{
    public static (int ExitCode, string Message) Classify(Exception error) => error switch
    {
        CliFailure failure => (failure.ExitCode, failure.Message),
        ConfigException config => (ExitCodes.UsageOrConfig, config.Message),
        UsageException usage => (ExitCodes.UsageOrConfig, usage.Message),
        SyncStateLockedException locked => (ExitCodes.Locked, locked.Message),
        SyncStateException state => (ExitCodes.SyncError, state.Message), // each names the database file and the fix
        SyncException sync => (ExitCodes.NeedsDecision, sync.Message),
        MailServerCommandException command => (ExitCodes.SyncError, command.Message),
        _ when IsConnectionError(error) => (ExitCodes.ConnectionOrAuth, Describe(error)),
        _ => (ExitCodes.InternalError, $"internal error: {error.GetType().Name}: {error.Message}"),
    };

    /// <summary>Errors after which watch mode reconnects instead of exiting.</summary>
    public static bool IsConnectionError(Exception error) => error switch
    {
        CliFailure failure => failure.ExitCode == ExitCodes.ConnectionOrAuth && failure.InnerException is not AuthenticationException,
        ImapConnectionException or SocketException or TimeoutException or EndOfStreamException => true,
        AuthenticationException => true,
        IOException => true,
        _ => error.InnerException is { } inner && IsConnectionError(inner),
    };

    private static string Describe(Exception error)
    {
        var innermost = error;
        while (innermost.InnerException is not null && innermost.Message.Length == 0)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message;
    }
}
