using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Testing.Dovecot;
using static Imap.Protocol.Tests.Dovecot.DovecotClients;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>Many different commands in flight at once: every reply must reach the command that asked.</summary>
public class DovecotPipelineStressTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    [Fact]
    public async Task Mixed_commands_at_depth_32_each_get_their_own_results()
    {
        var server = fixture.Server;
        var mailbox = "stress-" + Guid.NewGuid().ToString("N")[..8];
        var other = mailbox + "-other";
        await server.CreateMailboxAsync("alice", mailbox);
        await server.CreateMailboxAsync("alice", other);
        var uids = await server.AppendAsync("alice", mailbox, Enumerable.Range(0, 40).Select(i => SeedMessage.Simple($"{i}@stress")));
        await server.AppendAsync("alice", other, SeedMessage.Simple("o@stress"));

        await using var client = await LoginAsync(server, depth: 32);
        await client.SelectAsync(new MailboxName(mailbox));
        var random = new Random(4);
        var tasks = new List<Task>();
        for (var i = 0; i < 160; i++)
        {
            var uid = new Uid(uids[random.Next(uids.Count)]);
            switch (i % 5)
            {
                case 0:
                    tasks.Add(Check(client.FetchListAsync(UidSet.FromUid(uid), new FetchRequest { Flags = true }),
                        r => Assert.Equal(uid, Assert.Single(r).Uid)));
                    break;
                case 1:
                    var keyword = "$k" + uid.Value;
                    tasks.Add(Check(client.StoreAsync(UidSet.FromUid(uid), StoreAction.Add, [keyword], silent: true),
                        r => Assert.True(r.Modified.IsEmpty)));
                    break;
                case 2:
                    tasks.Add(Check(client.StatusAsync(new MailboxName(other), StatusItems.Messages),
                        r => Assert.Equal(1u, r.Messages)));
                    break;
                case 3:
                    tasks.Add(Check(client.SearchAsync($"UID {uid}"),
                        r => Assert.Equal(uid, Assert.Single(r.Uids))));
                    break;
                default:
                    tasks.Add(client.NoopAsync());
                    break;
            }
        }
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120));

        var flags = await client.FetchListAsync(UidSet.FromUids(uids.Select(u => new Uid(u))), new FetchRequest { Flags = true });
        Assert.Equal(40, flags.Count);
        foreach (var fetch in flags)
        {
            var keywords = fetch.Flags!.Value.Keywords;
            Assert.All(keywords, k => Assert.Equal("$k" + fetch.Uid!.Value.Value, k, ignoreCase: true));
        }
    }

    private static async Task Check<T>(Task<T> task, Action<T> verify) => verify(await task);
}
