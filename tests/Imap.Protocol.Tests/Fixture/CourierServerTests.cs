using Imap.Testing.Courier;
using Imap.Testing.Dovecot;
using Imap.Testing.Processes;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>The Courier fixture: what it advertises and lacks, seeding helpers, start/stop by PID.</summary>
public sealed class CourierServerTests
{
    private static readonly DateTimeOffset March = new(2022, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Preauth_over_tcp_without_condstore_and_select_without_uidnext_and_stop_leaves_nothing()
    {
        Assert.True(CourierServer.IsInstalled, "Courier is not unpacked: run test.sh");
        var server = await CourierServer.StartAsync();
        UnixProcess.Identity master;
        try
        {
            await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);
            Assert.StartsWith("* PREAUTH", connection.Greeting, StringComparison.Ordinal);
            var capabilities = string.Join('\n', await connection.CommandAsync("CAPABILITY"));
            Assert.Contains("UIDPLUS", capabilities, StringComparison.Ordinal);
            foreach (var missing in new[] { "CONDSTORE", "QRESYNC", "MULTIAPPEND", "LITERAL+", "MOVE", "LIST-EXTENDED" })
            {
                Assert.DoesNotContain(missing, capabilities, StringComparison.Ordinal);
            }

            Assert.StartsWith("* NAMESPACE ((\"INBOX.\" \".\"))", (await connection.CommandAsync("NAMESPACE"))[0], StringComparison.Ordinal);
            var select = await connection.CommandAsync("SELECT INBOX");
            Assert.Contains(select, l => l.Contains("[UIDVALIDITY ", StringComparison.Ordinal));
            Assert.DoesNotContain(select, l => l.Contains("[UIDNEXT ", StringComparison.Ordinal));
            master = UnixProcess.Identify(server.MasterPid)!.Value;
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(UnixProcess.IsSameLiveProcess(master));
        Assert.False(Directory.Exists(server.Directory));
    }

    [Fact]
    public async Task Seeding_round_trips_flags_keywords_dates_sizes_and_bytes()
    {
        await using var server = await CourierServer.StartAsync();
        var box = CourierServer.PersonalPrefix + "Archiv.Entwürfe";
        await server.CreateMailboxAsync("alice", box);
        var first = SeedMessage.Simple("k1@example.org") with { Flags = ["\\Seen", "$Label1"], InternalDate = March };

        var uids = await server.AppendAsync("alice", box, [first, SeedMessage.Simple("k2@example.org"), SeedMessage.Simple("k3@example.org")]);
        await server.AddFlagsAsync("alice", box, [uids[1]], ["\\Flagged", "Work"]);
        await server.RemoveFlagsAsync("alice", box, [uids[0]], ["\\Seen"]);
        await server.ExpungeAsync("alice", box, [uids[2]]);

        var messages = await server.FetchMessagesAsync("alice", box);
        Assert.Equal([uids[0], uids[1]], messages.Select(m => m.Uid));
        Assert.Equal(["$Label1"], messages[0].Flags);
        Assert.Equal(["Work", "\\Flagged"], messages[1].Flags);
        Assert.Equal(March, messages[0].InternalDate);
        Assert.Equal("<k1@example.org>", messages[0].MessageId);
        Assert.Equal(first.Content, await server.FetchMessageBytesAsync("alice", box, uids[0]));
        var status = await server.GetMailboxStatusAsync("alice", box);
        Assert.Equal(2u, status.Messages);
        Assert.Equal(uids[2] + 1, status.UidNext);
        Assert.Equal(["INBOX", box], await server.ListMailboxesAsync("alice")); // INBOX.Archiv is \Noselect
        Assert.Equal(["INBOX"], await server.ListMailboxesAsync("bob"));
    }

    [Fact]
    public async Task Without_file_notification_an_alert_comes_before_the_preauth_greeting()
    {
        await using var server = await CourierServer.StartAsync(new CourierOptions { FileNotification = false });
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);

        Assert.StartsWith("* OK [ALERT] Filesystem notification", connection.Greeting, StringComparison.Ordinal);
        var noop = await connection.CommandAsync("NOOP");
        Assert.Contains(noop, l => l.StartsWith("* PREAUTH", StringComparison.Ordinal));
    }
}
