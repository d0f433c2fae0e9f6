using Imap.Sync.Adapters;
using ImapSync.Cli.Running;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new StopSignal();
        var app = new App(CliEnvironment.FromConsole(), new EngineSessionFactory(new ImapServerConnector(AdaptAsync)), () => stop.Received);
        return await app.RunAsync(args, stop.Token);
    }

    private static async Task<Imap.Sync.Ports.IMailServer> AdaptAsync(Imap.Protocol.Client.ImapClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var options = new ImapMailServerOptions { OwnsClient = false, SpoolPath = settings.SpoolPath };
        return await ImapMailServer.OpenAsync(client, options, cancellationToken);
    }
}
