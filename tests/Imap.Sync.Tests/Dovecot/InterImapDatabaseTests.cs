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

    [Fact]
    public async Task We_carry_on_from_an_interimap_database_and_interimap_carries_on_from_ours()
    {
        const string user = TwoDovecots.User;
        await using var servers = await TwoDovecots.StartAsync();
        await servers.Local.AppendAsync(user, "INBOX", [DovecotSyncTests.Seed("a", "\\Seen"), DovecotSyncTests.Seed("b"), DovecotSyncTests.Seed("c")]);
        await servers.Remote.CreateMailboxAsync(user, "lists.dev");
        await servers.Remote.AppendAsync(user, "lists.dev", DovecotSyncTests.Seed("d", "$Label2"));
        var interimap = new InterImapRunner(servers.Local, servers.Remote, user, servers.Work.Path);
        var (exit, output) = await interimap.RunAsync();
        Assert.True(exit == 0, output);

        // Changes on both sides, then our engine on interimap's database.
        var local = (await servers.Local.FetchMessagesAsync(user, "INBOX")).ToDictionary(m => m.MessageId!);
        var remote = (await servers.Remote.FetchMessagesAsync(user, "INBOX")).ToDictionary(m => m.MessageId!);
        await servers.Local.ReplaceFlagsAsync(user, "INBOX", [local["<b@x>"].Uid], ["\\Flagged"]);
        await servers.Remote.ExpungeAsync(user, "INBOX", [remote["<c@x>"].Uid]);
        await servers.Remote.AppendAsync(user, "INBOX", DovecotSyncTests.Seed("e"));
        var ours = await DovecotSync.RunAsync(servers, interimap.DatabasePath);
        Assert.Empty(ours.Errors);
        Assert.Equal(1, ours.MessagesCopiedToLocal);
        Assert.Equal(0, ours.MessagesCopiedToRemote);
        var afterOurs = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(afterOurs, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Equal(["<a@x>", "<b@x>", "<d@x>", "<e@x>"], afterOurs.Select(l => l.Split(' ')[1]).Order(StringComparer.Ordinal));
        Assert.Contains(afterOurs, l => l.StartsWith("INBOX: <b@x>", StringComparison.Ordinal) && l.EndsWith("[\\Flagged]", StringComparison.Ordinal));

        // interimap again, on the database we migrated, after more changes: no duplicates, converged.
        await servers.Remote.AppendAsync(user, "lists.dev", DovecotSyncTests.Seed("f"));
        (exit, output) = await interimap.RunAsync();
        Assert.True(exit == 0, output);
        var afterInterimap = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(afterInterimap, await TwoDovecots.ReadBackAsync(servers.Remote));
        Assert.Equal(5, afterInterimap.Count);

        // And we have nothing left to do.
        await DovecotSync.RunAsync(servers, interimap.DatabasePath);
        var quiet = await DovecotSync.RunAsync(servers, interimap.DatabasePath);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges);
        Assert.Equal(afterInterimap, await TwoDovecots.ReadBackAsync(servers.Remote));
    }
}
