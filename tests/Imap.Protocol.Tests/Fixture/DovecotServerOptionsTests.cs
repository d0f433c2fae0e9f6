using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>Each option shows in what the server actually says.</summary>
public sealed class DovecotServerOptionsTests
{
    [Theory]
    [InlineData(DovecotCapabilityProfile.Full, true, true)]
    [InlineData(DovecotCapabilityProfile.WithoutQresync, false, true)]
    [InlineData(DovecotCapabilityProfile.WithoutQresyncAndCondstore, false, false)]
    public async Task The_capability_profile_is_what_the_server_advertises_after_login(
        DovecotCapabilityProfile profile, bool qresync, bool condstore)
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Capabilities = profile, Tls = false });
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);

        var capabilities = await connection.LoginAsync("alice", "alicepw");

        Assert.Contains("IMAP4rev1", capabilities);
        Assert.Contains("UIDPLUS", capabilities);
        Assert.Contains("LIST-STATUS", capabilities);
        Assert.Contains("NOTIFY", capabilities);
        Assert.Contains("COMPRESS=DEFLATE", capabilities);
        Assert.Equal(qresync, capabilities.Contains("QRESYNC"));
        Assert.Equal(condstore, capabilities.Contains("CONDSTORE"));
    }

    [Theory]
    [InlineData('/', DovecotMailStorage.Maildir)]
    [InlineData('.', DovecotMailStorage.Maildir)]
    [InlineData('/', DovecotMailStorage.MaildirFs)]
    [InlineData('.', DovecotMailStorage.Mdbox)]
    public async Task The_separator_is_what_list_and_namespace_report(char separator, DovecotMailStorage storage)
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = separator, Storage = storage, Tls = false });
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);
        await connection.LoginAsync("alice", "alicepw");

        var list = await connection.CommandAsync("LIST \"\" \"\"");
        var ns = await connection.CommandAsync("NAMESPACE");

        Assert.Equal($"* LIST (\\Noselect) \"{separator}\" \"\"", list[0]);
        Assert.Equal($"* NAMESPACE ((\"\" \"{separator}\")) NIL NIL", ns[0]);

        var child = $"parent{separator}child";
        await server.CreateMailboxAsync("alice", child);
        Assert.Contains(child, await server.ListMailboxesAsync("alice"));
    }

    [Fact]
    public async Task Compress_and_notify_can_be_turned_off()
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Compress = false, Notify = false, Tls = false });
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);

        var capabilities = await connection.LoginAsync("alice", "alicepw");

        Assert.Contains("QRESYNC", capabilities);
        Assert.DoesNotContain("COMPRESS=DEFLATE", capabilities);
        Assert.DoesNotContain("NOTIFY", capabilities);
    }

    [Fact]
    public async Task Without_tls_there_is_no_starttls_and_no_imaps_port()
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Tls = false });
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);

        Assert.DoesNotContain("STARTTLS", connection.Greeting, StringComparison.Ordinal);
        Assert.Equal(0, server.ImapsPort);
        Assert.Null(server.Certificate);
        Assert.Throws<InvalidOperationException>(() => server.CertificatePath);
    }

    [Fact]
    public async Task Auth_mechanisms_and_users_are_configurable()
    {
        var options = new DovecotOptions
        {
            Tls = false,
            AuthMechanisms = ["PLAIN", "CRAM-MD5"],
            Users = [new DovecotUser("carol", "c4rol pass!")],
        };
        await using var server = await DovecotServer.StartAsync(options);
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);

        Assert.Contains("AUTH=CRAM-MD5", connection.Greeting, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTH=SCRAM", connection.Greeting, StringComparison.Ordinal);
        await connection.LoginAsync("carol", "c4rol pass!");
        Assert.Equal("c4rol pass!", server.PasswordOf("carol"));
    }

    [Fact]
    public async Task Raw_log_records_the_post_login_traffic()
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { RawLog = true, Tls = false });
        await using (var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port))
        {
            await connection.LoginAsync("alice", "alicepw");
            await connection.CommandAsync("NOOP");
            await connection.CommandAsync("LOGOUT");
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        string[] inputs;
        while ((inputs = Directory.GetFiles(server.RawLogDirectory, "*.in")).Length == 0 || !File.ReadAllText(inputs[0]).Contains("NOOP", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "no raw log with the NOOP command");
            await Task.Delay(50);
        }

        Assert.NotEmpty(Directory.GetFiles(server.RawLogDirectory, "*.out"));
    }
}
