using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// Connects one server with the IMAP library: transport and TLS from the configuration, login with
/// the <c>auth</c> preference list (skipped after a PREAUTH greeting), COMPRESS when asked for, then
/// the engine's adapter (which enables QRESYNC when offered). Failures become one line naming the server.
/// Password and token commands run before connecting, so a slow or hung one holds no connection open.
/// </summary>
internal sealed class ImapServerConnector : IServerConnector
{
    private readonly Func<ImapClient, ConnectionSettings, CancellationToken, Task<IMailServer>> _adapt;

    /// <param name="adapt">Wraps a logged-in client into the engine's port (the client stays ours to dispose).</param>
    public ImapServerConnector(Func<ImapClient, ConnectionSettings, CancellationToken, Task<IMailServer>> adapt) => _adapt = adapt;

    public async Task<IConnectedServer> ConnectAsync(ServerConfig server, ConnectionSettings settings, Logger logger, CancellationToken cancellationToken)
    {
        var client = await ConnectClientAsync(server, settings, logger, cancellationToken);
        try
        {
            var port = await _adapt(client, settings, cancellationToken);
            return new ConnectedImapServer(client, port, () => ConnectClientAsync(server, settings, logger, cancellationToken), text => logger.Info(server.Name, null, text));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static async Task<ImapClient> ConnectClientAsync(ServerConfig server, ConnectionSettings settings, Logger logger, CancellationToken cancellationToken)
    {
        var options = new ImapClientOptions
        {
            Name = server.Name,
            Transport = TransportOptionsMapper.Map(server, settings.Watching, settings.DebugLevel, w => logger.Warning(server.Name, null, w)),
            Trace = settings.DebugLevel > 0 ? line => logger.Debug(server.Name, null, line) : null,
            Warning = warning => logger.Warning(server.Name, null, warning),
            TraceCredentials = settings.DebugLevel >= 2,
            Limits = ImapMailServer.ReaderLimits, // bodies into the adapter's pooled memory
            PipelineDepth = ImapMailServer.PipelineDepth, // a wave of mailboxes in one flight
        };
        var credentials = await CredentialsAsync(server, cancellationToken);
        ImapClient client;
        try
        {
            client = await ImapClient.ConnectAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is ImapConnectionException or IOException or System.Net.Sockets.SocketException)
        {
            throw new CliFailure(ExitCodes.ConnectionOrAuth, $"{server.Name}: {Where(server)}: {e.Message}", e);
        }

        try
        {
            foreach (var text in client.GreetingAlerts)
            {
                logger.Warning(server.Name, null, "ALERT: " + text);
            }

            client.Alert += (_, text) => logger.Warning(server.Name, null, "ALERT: " + text);
            if (!client.IsPreAuthenticated)
            {
                await LoginAsync(client, server, credentials, cancellationToken);
            }

            if (server.ShouldCompress && !await CompressAsync(client, server, cancellationToken) && server.Compress == CompressMode.Yes)
            {
                logger.Warning(server.Name, null, "Couldn't find a suitable compression algorithm. Not enabling compression.");
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Null without a <c>username</c> (fine after a PREAUTH greeting).</summary>
    private static async Task<ImapCredentials?> CredentialsAsync(ServerConfig server, CancellationToken cancellationToken) => server.Username is null
        ? null
        : new ImapCredentials
        {
            UserName = server.Username,
            Password = server.Password is null ? null : await SecretResolver.ResolveAsync(server.Password, $"{server.Name}: password-command", cancellationToken),
            AccessToken = server.OAuthToken is null ? null : await SecretResolver.ResolveAsync(server.OAuthToken, $"{server.Name}: oauth-token-command", cancellationToken),
        };

    private static async Task LoginAsync(ImapClient client, ServerConfig server, ImapCredentials? credentials, CancellationToken cancellationToken)
    {
        if (credentials is null)
        {
            throw new CliFailure(ExitCodes.UsageOrConfig, $"{server.Name}: the server asks for a login but no 'username' is set");
        }

        try
        {
            await client.AuthenticateAsync(credentials, server.Auth, cancellationToken);
        }
        catch (ImapCommandException e)
        {
            throw new CliFailure(ExitCodes.ConnectionOrAuth, $"{server.Name}: login as {server.Username} refused: {e.ResponseText}", e);
        }
        catch (ImapAuthenticationException e)
        {
            throw new CliFailure(ExitCodes.ConnectionOrAuth, $"{server.Name}: {e.Message}", e);
        }
    }

    /// <summary>A COMPRESS the server offers and then refuses is a connection failure (exit 3), as a refused STARTTLS is.</summary>
    private static async Task<bool> CompressAsync(ImapClient client, ServerConfig server, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CompressAsync(cancellationToken);
        }
        catch (ImapCommandException e)
        {
            throw new CliFailure(ExitCodes.ConnectionOrAuth, $"{server.Name}: {Where(server)}: {e.Message}", e);
        }
    }

    private static string Where(ServerConfig server) => server.Type == ServerType.Tunnel
        ? $"tunnel '{server.Command}'"
        : server.HostIsIpLiteral ? $"[{server.Host}]:{server.Port}" : $"{server.Host}:{server.Port}";
}
