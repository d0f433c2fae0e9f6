using Imap.Testing.Courier;
using Imap.Testing.Dovecot;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// The built program between Dovecot and Courier-IMAP 5, both through tunnels, as a new user would
/// first try it: Courier's SELECT has no [UIDNEXT] (this run used to stop with exit 4), and without its
/// file-notification daemon every session starts with an [ALERT] before the greeting, shown as a warning.
/// </summary>
public sealed class CourierEndToEndTests
{
    private const string User = CliSandbox.User;

    [Fact]
    public async Task First_run_against_courier_succeeds_and_shows_its_alert()
    {
        Assert.True(CourierServer.IsInstalled, "Courier is not unpacked: run test.sh");
        var dovecotStart = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        var courierStart = CourierServer.StartAsync(new CourierOptions { FileNotification = false });
        await using var dovecot = await dovecotStart;
        await using var courier = await courierStart;
        var home = Directory.CreateTempSubdirectory("imapsync-courier-e2e-").FullName;
        try
        {
            await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("d1@courier.example") with { Flags = ["\\Flagged"] });
            await courier.CreateMailboxAsync(User, "INBOX.Lists");
            await courier.AppendAsync(User, "INBOX.Lists", SeedMessage.Simple("c1@courier.example") with { Flags = ["\\Seen", "Work"] });
            var path = Path.Combine(home, ".config", "imapsync", "config");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"""
                database = courier.db

                [local]
                type = tunnel
                command = {dovecot.TunnelCommand(User)}

                [remote]
                type = tunnel
                command = {courier.TunnelCommand(User)}

                """);

            var (exitCode, _, stderr) = await ImapSyncProcess.RunAsync(home);

            Assert.True(exitCode == ExitCodes.Success, stderr);
            Assert.Contains("ALERT: Filesystem notification initialization error", stderr, StringComparison.Ordinal);
            Assert.Equal(["\\Flagged"], (await courier.FetchMessagesAsync(User, "INBOX")).Single().Flags);
            Assert.Equal(["Work", "\\Seen"], (await dovecot.FetchMessagesAsync(User, "Lists")).Single().Flags.Where(f => f != "\\Recent"));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
