using Imap.Sync.State;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>A database written by the real interimap 0.5.7 between two Dovecot servers is adopted as is.</summary>
public sealed class InterImapDatabaseTests
{
    [Fact]
    public async Task Database_made_by_real_interimap_opens_and_its_mapping_matches_both_servers()
    {
        await using var servers = await TwoDovecots.StartAsync();
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", [SeedMessage.Simple("a@x") with { Flags = ["\\Seen"] }, SeedMessage.Simple("b@x")]);
        await servers.Local.CreateMailboxAsync(TwoDovecots.User, "work/2024");
        await servers.Local.AppendAsync(TwoDovecots.User, "work/2024", SeedMessage.Simple("c@x"));
        await servers.Remote.AppendAsync(TwoDovecots.User, "INBOX", SeedMessage.Simple("d@x") with { Flags = ["$Label1"] });

        var interimap = new InterImapRunner(servers.Local, servers.Remote, TwoDovecots.User, servers.Work.Path);
        var (exit, output) = await interimap.RunAsync();
        Assert.True(exit == 0, output);
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));

        using var store = SyncStateStore.Open(interimap.DatabasePath, createIfMissing: false);
        Assert.Equal(1, store.VersionFound);
        Assert.Equal(["INBOX", "work\0" + "2024"], store.GetMailboxes().Select(m => m.Name).Order(StringComparer.Ordinal));

        foreach (var (name, localName, remoteName) in new[] { ("INBOX", "INBOX", "INBOX"), ("work\0" + "2024", "work/2024", "work.2024") })
        {
            var row = store.FindMailbox(name)!;
            var states = store.GetSideStates(row.Id)!.Value;
            var localStatus = await servers.Local.GetMailboxStatusAsync(TwoDovecots.User, localName);
            var remoteStatus = await servers.Remote.GetMailboxStatusAsync(TwoDovecots.User, remoteName);
            Assert.Equal(localStatus.UidValidity, states.Local.UidValidity);
            Assert.Equal(remoteStatus.UidValidity, states.Remote.UidValidity);

            // Every mapped pair is the same message on both servers.
            var localById = (await servers.Local.FetchMessagesAsync(TwoDovecots.User, localName)).ToDictionary(m => m.Uid);
            var remoteById = (await servers.Remote.FetchMessagesAsync(TwoDovecots.User, remoteName)).ToDictionary(m => m.Uid);
            var mappings = store.GetMappings(row.Id);
            Assert.Equal(localById.Count, mappings.Count);
            foreach (var pair in mappings)
            {
                Assert.Equal(localById[pair.LocalUid].MessageId, remoteById[pair.RemoteUid].MessageId);
                Assert.Null(pair.LocalFlags); // interimap records no flags; ours start unknown
            }
        }
    }
}
