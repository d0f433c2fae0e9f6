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
                    tasks.Add(Check(client.SearchAsync(SearchKey.Uid(UidSet.FromUid(uid))),
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

    [Fact]
    public async Task Selects_pipelined_between_mixed_commands_keep_each_command_in_its_mailbox()
    {
        var server = fixture.Server;
        var names = new[] { "a", "b" }.Select(n => $"stress-{Guid.NewGuid().ToString("N")[..8]}-{n}").ToArray();
        var uids = new List<IReadOnlyList<uint>>();
        foreach (var name in names)
        {
            await server.CreateMailboxAsync("alice", name);
            // Each mailbox's messages carry its own keyword: a FETCH that ran in the wrong one shows it.
            var tag = "$in" + name[^1];
            uids.Add(await server.AppendAsync("alice", name, Enumerable.Range(0, 20).Select(i => SeedMessage.Simple($"{i}@{name}") with { Flags = [tag] })));
        }

        await using var client = await LoginAsync(server, depth: 32);
        var random = new Random(7);
        var tasks = new List<Task>();
        for (var round = 0; round < 24; round++)
        {
            var box = round % 2;
            var keyword = "$in" + names[box][^1];
            tasks.Add(Check(client.SelectAsync(new MailboxName(names[box])), r => Assert.Equal(20u, r.Mailbox.Exists)));
            for (var i = 0; i < 6; i++)
            {
                var uid = new Uid(uids[box][random.Next(20)]);
                tasks.Add((i % 3) switch
                {
                    0 => Check(client.FetchListAsync(UidSet.FromUid(uid), new FetchRequest { Flags = true }),
                        r => Assert.Contains(keyword, Assert.Single(r).Flags!.Value.Keywords, StringComparer.OrdinalIgnoreCase)),
                    1 => Check(client.StoreAsync(UidSet.FromUid(uid), StoreAction.Add, [$"$r{box}"], silent: true),
                        r => Assert.True(r.Modified.IsEmpty)),
                    _ => Check(client.SearchAsync(SearchKey.And(SearchKey.Uid(UidSet.FromUid(uid)), SearchKey.HasFlag(ImapFlag.Keyword(keyword)))), r => Assert.Equal(uid, Assert.Single(r.Uids))),
                });
            }
        }
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120));

        for (var box = 0; box < 2; box++)
        {
            var messages = await server.FetchMessagesAsync("alice", names[box]);
            Assert.All(messages, m => Assert.DoesNotContain($"$r{1 - box}", m.Flags, StringComparer.OrdinalIgnoreCase));
            Assert.Contains(messages, m => m.Flags.Contains($"$r{box}", StringComparer.OrdinalIgnoreCase));
        }
    }

    private static async Task Check<T>(Task<T> task, Action<T> verify) => verify(await task);
}
