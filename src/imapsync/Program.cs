using Imap.Sync.Adapters;
using ImapSync.Cli.Running;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new StopSignal();
        var app = new App(CliEnvironment.FromConsole(), new EngineSessionFactory(new ImapServerConnector(async (client, ct) => await ImapMailServer.OpenAsync(client, ownsClient: false, cancellationToken: ct))), () => stop.Received);
        return await app.RunAsync(args, stop.Token);
    }
}
