using System.Text.Json;
using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// The built program with a config file between Dovecot ('/', folders at the top level, through the
/// tunnel) and Cyrus ('.', <c>altnamespace: no</c>: folders under <c>INBOX.</c>), with no
/// <c>personal-namespace</c> key (auto): Cyrus <c>INBOX.x</c> pairs with Dovecot <c>x</c>.
/// </summary>
public sealed class CyrusNamespaceEndToEndTests
{
    private const string User = CliSandbox.User;

    [Fact]
    public async Task Cyrus_INBOX_folders_sync_with_Dovecot_top_level_folders_and_a_later_key_change_is_refused()
    {
        Assert.True(CyrusServer.IsInstalled, "Cyrus is not unpacked: run test.sh");
        var dovecotStart = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        var cyrusStart = CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', AltNamespace = false, Tls = false });
        await using var dovecot = await dovecotStart;
        await using var cyrus = await cyrusStart;
        var home = Directory.CreateTempSubdirectory("imapsync-ns-e2e-").FullName;
        try
        {
            await dovecot.CreateMailboxAsync(User, "Projects/2026");
            await dovecot.AppendAsync(User, "Projects/2026", SeedMessage.Simple("d1@ns.example") with { Flags = ["\\Flagged"] });
            await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("d2@ns.example"));
            await cyrus.CreateMailboxAsync(User, "INBOX.Lists");
            await cyrus.AppendAsync(User, "INBOX.Lists", SeedMessage.Simple("c1@ns.example") with { Flags = ["\\Seen"] });

            WriteConfig(home, dovecot, cyrus, "");
            var (exitCode, stdout, stderr) = await ImapSyncProcess.RunAsync(home, "--json");
            Assert.True(exitCode == ExitCodes.Success, stderr);
            using (var json = JsonDocument.Parse(stdout))
            {
                Assert.Equal(1, json.RootElement.GetProperty("remoteToLocal").GetProperty("messages").GetInt32());
                Assert.Equal(2, json.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
            }

            Assert.Equal(["\\Flagged"], (await cyrus.FetchMessagesAsync(User, "INBOX.Projects.2026")).Single().Flags.Where(f => f != "\\Recent"));
            Assert.Equal(["\\Seen"], (await dovecot.FetchMessagesAsync(User, "Lists")).Single().Flags.Where(f => f != "\\Recent"));
            Assert.Equal(2, (await cyrus.FetchMessagesAsync(User, "INBOX")).Count + (await cyrus.FetchMessagesAsync(User, "INBOX.Lists")).Count);
            Assert.DoesNotContain(await dovecot.ListMailboxesAsync(User), n => n.StartsWith("INBOX/", StringComparison.Ordinal));

            // A folder made on Cyrus lands at the top level on Dovecot; the run after that has nothing to do.
            await cyrus.CreateMailboxAsync(User, "INBOX.new");
            await cyrus.AppendAsync(User, "INBOX.new", SeedMessage.Simple("c2@ns.example"));
            Assert.Equal(ExitCodes.Success, (await ImapSyncProcess.RunAsync(home)).ExitCode);
            Assert.Single(await dovecot.FetchMessagesAsync(User, "new"));
            var quiet = await ImapSyncProcess.RunAsync(home, "--json");
            using (var json = JsonDocument.Parse(quiet.Stdout))
            {
                Assert.Equal(0, json.RootElement.GetProperty("remoteToLocal").GetProperty("messages").GetInt32());
                Assert.Equal(0, json.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
            }

            // Turning the key off now would read the stored names differently: refused, nothing changed.
            await dovecot.AppendAsync(User, "INBOX", SeedMessage.Simple("d3@ns.example"));
            WriteConfig(home, dovecot, cyrus, "personal-namespace = no");
            var refused = await ImapSyncProcess.RunAsync(home);
            Assert.Equal(ExitCodes.NeedsDecision, refused.ExitCode);
            Assert.Contains("ERROR: ", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("\"INBOX.\"", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("remove `personal-namespace = no`", refused.Stderr, StringComparison.Ordinal);
            Assert.Single(await cyrus.FetchMessagesAsync(User, "INBOX"));

            // And yes together with a list reference is a configuration error.
            WriteConfig(home, dovecot, cyrus, "personal-namespace = yes\nlist-reference = INBOX.");
            var config = await ImapSyncProcess.RunAsync(home);
            Assert.Equal(ExitCodes.UsageOrConfig, config.ExitCode);
            Assert.Contains("personal-namespace", config.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static void WriteConfig(string home, DovecotServer dovecot, CyrusServer cyrus, string remoteExtra)
    {
        var path = Path.Combine(home, ".config", "imapsync", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""
            database = ns.db

            [local]
            type = tunnel
            command = {dovecot.TunnelCommand(User)}

            [remote]
            type = imap
            host = 127.0.0.1
            port = {cyrus.Port}
            STARTTLS = NO
            username = {User}
            password = {cyrus.PasswordOf(User)}
            {remoteExtra}

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
