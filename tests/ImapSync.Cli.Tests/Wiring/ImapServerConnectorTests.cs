using System.Net;
using System.Net.Sockets;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli.Tests.Wiring;

public class ImapServerConnectorTests
{
    [Fact]
    public async Task The_password_command_runs_before_connecting_so_its_failure_leaves_no_connection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = ConfigLoader.Parse(
                $"[local]\ntype=tunnel\ncommand=x\n[remote]\ntype=imap\nSTARTTLS=NO\nhost=127.0.0.1\nport={port}\nusername=u\npassword-command=exit 3\n",
                "c", new XdgDirectories("/c", "/d")).Remote;
            var connector = new ImapServerConnector((_, _, _) => throw new InvalidOperationException("no login may happen"));
            using var logger = new Logger(LogPrefixTemplate.Default, new StringWriter(), null, quiet: false, debugLevel: 0);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            var e = await Assert.ThrowsAsync<CliFailure>(() => connector.ConnectAsync(server, new ConnectionSettings(false, 0), logger, timeout.Token));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.Equal("remote: password-command: 'exit 3' exited with status 3", e.Message);
            Assert.False(listener.Pending(), "a connection was opened before the password command ran");
        }
        finally
        {
            listener.Stop();
        }
    }
}
