using Imap.Testing;
using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>Both fixture servers behave alike through the common <see cref="LocalImapServer"/> type.</summary>
public sealed class LocalImapServerTests
{
    public static TheoryData<string> Kinds => ["dovecot", "cyrus"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Seeded_mail_reads_back_the_same_on_either_server(string kind)
    {
        await using LocalImapServer server = kind == "dovecot"
            ? await DovecotServer.StartAsync(new DovecotOptions { Tls = false })
            : await CyrusServer.StartAsync(new CyrusOptions { Tls = false });
        var box = $"a{server.HierarchySeparator}b";
        await server.CreateMailboxAsync("alice", box);

        var uids = await server.AppendAsync("alice", box, [SeedMessage.Simple("x1@y") with { Flags = ["\\Answered"] }, SeedMessage.Simple("x2@y")]);
        await server.ReplaceFlagsAsync("alice", box, [uids[0]], ["$Work"]);
        await server.ExpungeAsync("alice", box, [uids[1]]);

        var message = Assert.Single(await server.FetchMessagesAsync("alice", box));
        Assert.Equal(uids[0], message.Uid);
        Assert.Equal(["$Work"], message.Flags);
        Assert.Equal("<x1@y>", message.MessageId);
        Assert.Equal(1u, (await server.GetMailboxStatusAsync("alice", box)).Messages);
        Assert.Contains(box, await server.ListMailboxesAsync("alice"));
        Assert.Throws<InvalidOperationException>(() => server.CertificatePath);
    }
}
