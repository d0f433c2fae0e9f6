using ImapSync.Cli.Running;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new StopSignal();
        var app = new App(CliEnvironment.FromConsole(), new EngineSessionFactory(new ImapServerConnector(client => new ImapMailServer(client))), () => stop.Received);
        return await app.RunAsync(args, stop.Token);
    }
}
