using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;
using Imap.Testing.Processes;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>The Cyrus fixture: start/stop by PID, options visible on the wire, seeding helpers.</summary>
public sealed class CyrusServerTests
{
    private static readonly DateTimeOffset March = new(2022, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Start_greets_with_qresync_but_no_notify_and_stop_leaves_nothing()
    {
        var server = await CyrusServer.StartAsync();
        UnixProcess.Identity master;
        List<UnixProcess.Identity> children;
        try
        {
            await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);
            Assert.Contains("Cyrus IMAP", connection.Greeting, StringComparison.Ordinal);
            var capabilities = await connection.LoginAsync("alice", "alicepw");
            Assert.Contains("QRESYNC", capabilities);
            Assert.Contains("COMPRESS=DEFLATE", capabilities);
            Assert.DoesNotContain("NOTIFY", capabilities);
            master = UnixProcess.Identify(server.MasterPid)!.Value;
            children = UnixProcess.Descendants(server.MasterPid);
            Assert.NotEmpty(children);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(UnixProcess.IsSameLiveProcess(master));
        Assert.DoesNotContain(children, UnixProcess.IsSameLiveProcess);
        Assert.False(Directory.Exists(server.Directory));
    }

    [Theory]
    [InlineData('/', true, "((\"\" \"/\"))")]
    [InlineData('.', false, "((\"INBOX.\" \".\"))")]
    public async Task Separator_and_namespace_are_what_the_server_reports(char separator, bool altNamespace, string personalNamespace)
    {
        await using var server = await CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = separator, AltNamespace = altNamespace, Tls = false });
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);
        await connection.LoginAsync("bob", "bobpw");

        var ns = await connection.CommandAsync("NAMESPACE");

        Assert.StartsWith("* NAMESPACE " + personalNamespace, ns[0], StringComparison.Ordinal);
        var child = $"{server.PersonalPrefix}work{separator}projects";
        await server.CreateMailboxAsync("bob", child);
        Assert.Contains(child, await server.ListMailboxesAsync("bob"));
    }

    [Fact]
    public async Task Seeding_round_trips_flags_dates_sizes_and_bytes()
    {
        await using var server = await CyrusServer.StartAsync(new CyrusOptions { Tls = false });
        await server.CreateMailboxAsync("alice", "Archiv/Entwürfe");
        var first = SeedMessage.Simple("c1@example.org") with { Flags = ["\\Seen", "$Label1"], InternalDate = March };

        var uids = await server.AppendAsync("alice", "Archiv/Entwürfe", [first, SeedMessage.Simple("c2@example.org"), SeedMessage.Simple("c3@example.org")]);
        await server.AddFlagsAsync("alice", "Archiv/Entwürfe", [uids[1]], ["\\Flagged"]);
        await server.RemoveFlagsAsync("alice", "Archiv/Entwürfe", [uids[0]], ["$Label1"]);
        await server.ExpungeAsync("alice", "Archiv/Entwürfe", [uids[2]]);

        var messages = await server.FetchMessagesAsync("alice", "Archiv/Entwürfe");
        Assert.Equal([uids[0], uids[1]], messages.Select(m => m.Uid));
        Assert.Equal(["\\Seen"], messages[0].Flags);
        Assert.Equal(["\\Flagged"], messages[1].Flags);
        Assert.Equal(March, messages[0].InternalDate);
        Assert.Equal("<c1@example.org>", messages[0].MessageId);
        Assert.Equal(first.Content.Length, messages[0].Size);
        Assert.True(messages[0].ModSeq > messages[1].ModSeq, "the flag removal on the first message came last");
        Assert.Equal(first.Content, await server.FetchMessageBytesAsync("alice", "Archiv/Entwürfe", uids[0]));
        var status = await server.GetMailboxStatusAsync("alice", "Archiv/Entwürfe");
        Assert.Equal(2u, status.Messages);
        Assert.Equal(uids[2] + 1, status.UidNext);
        Assert.Contains("Archiv/Entwürfe", await server.ListMailboxesAsync("alice"));
    }

    [Fact]
    public async Task Mailboxes_can_be_renamed_subscribed_and_deleted()
    {
        await using var server = await CyrusServer.StartAsync(new CyrusOptions { Tls = false });
        await server.CreateMailboxAsync("bob", "old");
        await server.RenameMailboxAsync("bob", "old", "new");
        await server.SubscribeAsync("bob", "new");

        Assert.Equal(["INBOX", "new"], await server.ListMailboxesAsync("bob"));
        Assert.Contains("new", await server.ListMailboxesAsync("bob", subscribedOnly: true));

        await server.DeleteMailboxAsync("bob", "new");
        Assert.Equal(["INBOX"], await server.ListMailboxesAsync("bob"));
    }

    [Fact]
    public async Task Imaps_and_starttls_use_the_generated_certificate()
    {
        await using var server = await CyrusServer.StartAsync();

        await using (var imaps = await RawImapConnection.ConnectAsync(server.Host, server.ImapsPort, server.CertificatePath))
        {
            Assert.StartsWith("* OK", imaps.Greeting, StringComparison.Ordinal);
        }

        await using var plain = await RawImapConnection.ConnectAsync(server.Host, server.Port);
        await plain.StartTlsAsync(server.CertificatePath);
        await plain.LoginAsync("alice", "alicepw");
        Assert.Matches("^sha256\\$[0-9a-f]{64}$", server.SpkiFingerprint);
    }

    [Fact]
    public async Task Runs_next_to_dovecot_and_a_wrong_password_is_refused()
    {
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Tls = false });
        await using var cyrus = await CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', Tls = false });
        await using var connection = await RawImapConnection.ConnectAsync(cyrus.Host, cyrus.Port);

        var reply = await connection.CommandAsync("LOGIN alice wrong");

        Assert.Contains(" NO ", reply[^1], StringComparison.Ordinal);
        Assert.NotEqual(dovecot.Port, cyrus.Port);
        Assert.True(dovecot.IsRunning);
    }

    [Fact]
    public async Task Orphans_are_swept_when_their_owner_is_dead()
    {
        var server = await CyrusServer.StartAsync(new CyrusOptions { Tls = false });
        try
        {
            var master = UnixProcess.Identify(server.MasterPid)!.Value;
            await File.WriteAllTextAsync(Path.Combine(server.Directory, "owner"), $"{Environment.ProcessId} 1\n");

            InstanceDirectories.SweepOrphans();

            Assert.False(UnixProcess.IsSameLiveProcess(master));
            Assert.False(Directory.Exists(server.Directory));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
