using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// The engine between two real Dovecot servers ('/' locally, '.' remotely), checked by reading both
/// servers back: first sync, then flags, conflicts, expunges and new mail on both sides.
/// </summary>
public sealed class DovecotSyncTests
{
    private static readonly DateTimeOffset Past = new(2020, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));

    public static TheoryData<DovecotCapabilityProfile, DovecotCapabilityProfile> Profiles => new()
    {
        { DovecotCapabilityProfile.Full, DovecotCapabilityProfile.Full },
        { DovecotCapabilityProfile.WithoutQresync, DovecotCapabilityProfile.Full },
        { DovecotCapabilityProfile.Full, DovecotCapabilityProfile.WithoutQresync },
        { DovecotCapabilityProfile.WithoutQresyncAndCondstore, DovecotCapabilityProfile.Full },
        { DovecotCapabilityProfile.Full, DovecotCapabilityProfile.WithoutQresyncAndCondstore },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Two_dovecots_converge_through_every_kind_of_change(DovecotCapabilityProfile localProfile, DovecotCapabilityProfile remoteProfile)
    {
        await using var servers = await TwoDovecots.StartAsync(localProfile, remoteProfile);
        var db = servers.Work.File("state.db");
        const string user = TwoDovecots.User;
        var localInbox = await servers.Local.AppendAsync(user, "INBOX", [
            Seed("l1", "\\Seen"), Seed("l2", "$Label1"), Seed("l3"), Seed("conflict")]);
        await servers.Local.CreateMailboxAsync(user, "work/2024");
        await servers.Local.AppendAsync(user, "work/2024", Seed("nested", "\\Flagged"));
        await servers.Remote.AppendAsync(user, "INBOX", [Seed("r1", "\\Answered", "\\Seen"), Seed("r2")]);
        await servers.Remote.CreateMailboxAsync(user, "archive.old");
        await servers.Remote.AppendAsync(user, "archive.old", Seed("archived"));

        var first = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(first.Errors);
        Assert.Equal(2, first.MailboxesCreated);
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Equal(8, (await TwoDovecots.ReadBackAsync(servers.Local)).Count);
        Assert.Contains(await TwoDovecots.ReadBackAsync(servers.Remote), l => l.StartsWith("INBOX: <l2@x>", StringComparison.Ordinal) && l.EndsWith("[$Label1]", StringComparison.Ordinal));

        // Changes on both sides.
        var remoteByid = (await servers.Remote.FetchMessagesAsync(user, "INBOX")).ToDictionary(m => m.MessageId!);
        await servers.Local.ReplaceFlagsAsync(user, "INBOX", [localInbox[2]], ["\\Seen", "$Todo"]);          // l3: local change
        await servers.Remote.ReplaceFlagsAsync(user, "INBOX", [remoteByid["<l1@x>"].Uid], []);             // l1: remote change
        await servers.Local.ReplaceFlagsAsync(user, "INBOX", [localInbox[3]], ["\\Seen"]);                 // conflict
        await servers.Remote.ReplaceFlagsAsync(user, "INBOX", [remoteByid["<conflict@x>"].Uid], ["\\Flagged"]);
        await servers.Local.ExpungeAsync(user, "INBOX", [localInbox[1]]);                                   // l2 deleted locally
        await servers.Remote.ReplaceFlagsAsync(user, "INBOX", [remoteByid["<l2@x>"].Uid], ["\\Draft"]);    // ...and changed remotely
        await servers.Remote.ExpungeAsync(user, "INBOX", [remoteByid["<r2@x>"].Uid]);                       // r2 deleted remotely
        await servers.Remote.AppendAsync(user, "INBOX", Seed("r3", "\\Seen"));
        await servers.Local.CreateMailboxAsync(user, "new/sub");
        await servers.Local.AppendAsync(user, "new/sub", Seed("fresh"));

        var second = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(second.Errors);
        Assert.Equal(1, second.Conflicts);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Contains(local, l => l.StartsWith("INBOX: <l3@x>", StringComparison.Ordinal) && l.EndsWith("[$Todo \\Seen]", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("INBOX: <l1@x>", StringComparison.Ordinal) && l.EndsWith("[]", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("INBOX: <conflict@x>", StringComparison.Ordinal) && l.EndsWith("[\\Flagged \\Seen]", StringComparison.Ordinal));
        Assert.DoesNotContain(local, l => l.Contains("<l2@x>", StringComparison.Ordinal));
        Assert.DoesNotContain(local, l => l.Contains("<r2@x>", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("INBOX: <r3@x>", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("new/sub: <fresh@x>", StringComparison.Ordinal));
        Assert.Equal(8 - 2 + 2, local.Count);

        // Nothing left to do: a third and fourth run change nothing on either server.
        await DovecotSync.RunAsync(servers, db);
        var quiet = await DovecotSync.RunAsync(servers, db);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
    }

    [Fact]
    public async Task Several_mailboxes_in_flight_on_their_own_connections()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        for (var i = 0; i < 6; i++)
        {
            await servers.Local.CreateMailboxAsync(TwoDovecots.User, $"box{i}/in");
            await servers.Local.AppendAsync(TwoDovecots.User, $"box{i}/in", [Seed($"l{i}a", "\\Seen"), Seed($"l{i}b")]);
            await servers.Remote.CreateMailboxAsync(TwoDovecots.User, $"box{i}.in");
            await servers.Remote.AppendAsync(TwoDovecots.User, $"box{i}.in", Seed($"r{i}"));
        }

        var summary = await DovecotSync.RunAsync(servers, db, new SyncOptions { MaxMailboxesInFlight = 3 });
        Assert.Empty(summary.Errors);
        Assert.Equal(6, summary.MessagesCopiedToLocal);
        Assert.Equal(12, summary.MessagesCopiedToRemote);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(18, local.Count);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
    }

    [Fact]
    public async Task Connections_kept_between_runs_still_see_changes_in_the_mailbox_left_selected()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var uids = await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", [Seed("w1"), Seed("w2")]);
        using var state = Imap.Sync.State.SyncStateStore.Open(servers.Work.File("state.db"));
        await using var local = await DovecotSync.OpenAsync(servers.Local);
        await using var remote = await DovecotSync.OpenAsync(servers.Remote);
        var engine = new SyncEngine(state, local, remote);
        await engine.SyncAsync();
        await engine.SyncAsync(); // INBOX stays selected on both connections after this run

        await servers.Local.ReplaceFlagsAsync(TwoDovecots.User, "INBOX", [uids[0]], ["\\Answered"]);
        var summary = await engine.SyncAsync();
        Assert.Equal(1, summary.FlagUpdates);
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));
    }

    [Fact]
    public async Task Large_messages_are_spooled_to_disk_and_arrive_byte_for_byte()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var text = new System.Text.StringBuilder("Message-ID: <huge@x>\r\nSubject: huge\r\n\r\n");
        for (var i = 0; i < 40_000; i++)
        {
            text.Append("line ").Append(i).Append(" of a large attachment-like body\r\n");
        }

        var content = System.Text.Encoding.ASCII.GetBytes(text.ToString());
        Assert.True(content.Length > 1 << 20);
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", [new SeedMessage(content) { Flags = ["\\Seen"], InternalDate = Past }, Seed("small")]);

        var adapters = new List<Imap.Sync.Adapters.ImapMailServer>();
        await DovecotSync.RunAsync(servers, servers.Work.File("state.db"), adapter: new() { SpoolAbove = 256 * 1024 }, wrap: (server, _) =>
        {
            var adapter = (Imap.Sync.Adapters.ImapMailServer)server;
            adapters.Add(adapter);
            return adapter;
        });

        Assert.Equal(1, adapters.Sum(a => a.SpooledCount));
        var copied = (await servers.Remote.FetchMessagesAsync(TwoDovecots.User, "INBOX")).Single(m => m.MessageId == "<huge@x>");
        Assert.Equal(content, await servers.Remote.FetchMessageBytesAsync(TwoDovecots.User, "INBOX", copied.Uid));
        Assert.Equal(["\\Seen"], copied.Flags);
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));
    }

    [Fact]
    public async Task Batches_fetched_ahead_in_one_pipeline_arrive_once_in_order_with_spooled_bodies()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var big = new System.Text.StringBuilder("Message-ID: <big@x>\r\nSubject: big\r\n\r\n");
        for (var i = 0; i < 10_000; i++)
        {
            big.Append("line ").Append(i).Append(" of a spooled body\r\n");
        }

        var content = System.Text.Encoding.ASCII.GetBytes(big.ToString());
        var seeds = Enumerable.Range(0, 30).Select(i => Seed("p" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? new[] { "\\Seen" } : [])).ToList();
        seeds.Insert(13, new SeedMessage(content) { InternalDate = Past });
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", seeds);

        // 2 messages per batch: 16 batches, with 4 UID FETCHes in flight on the local connection at once.
        var adapters = new List<Imap.Sync.Adapters.ImapMailServer>();
        var options = new SyncOptions { AppendBatchMaxMessages = 2, CopyPrefetchBatches = 4 };
        var summary = await DovecotSync.RunAsync(servers, servers.Work.File("state.db"), options, adapter: new() { SpoolAbove = 64 * 1024 }, wrap: (server, _) =>
        {
            var adapter = (Imap.Sync.Adapters.ImapMailServer)server;
            adapters.Add(adapter);
            return adapter;
        });

        Assert.Empty(summary.Errors);
        Assert.Equal(31, summary.MessagesCopiedToRemote);
        Assert.Equal(1, adapters.Sum(a => a.SpooledCount));
        var local = await servers.Local.FetchMessagesAsync(TwoDovecots.User, "INBOX");
        var remote = await servers.Remote.FetchMessagesAsync(TwoDovecots.User, "INBOX");
        Assert.Equal(local.Select(m => m.MessageId), remote.Select(m => m.MessageId)); // UID order kept, none twice
        var copied = remote.Single(m => m.MessageId == "<big@x>");
        Assert.Equal(content, await servers.Remote.FetchMessageBytesAsync(TwoDovecots.User, "INBOX", copied.Uid));
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(servers.Work.File("state.db"));
    }

    [Fact]
    public async Task Without_multiappend_or_uidplus_messages_are_still_copied_once()
    {
        await using var servers = await TwoDovecots.StartAsync();
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", Enumerable.Range(0, 5).Select(i => Seed("m" + i, "\\Seen")));
        var db = servers.Work.File("state.db");
        var noMultiAppend = new Ports.ServerFeatures { QResync = true, CondStore = true, ListExtended = true, ListStatus = true, MultiAppend = false, UidPlus = true };
        var first = await DovecotSync.RunAsync(servers, db, new SyncOptions { AppendBatchMaxMessages = 3 }, adapter: new() { FeatureMask = noMultiAppend });
        Assert.Equal(5, first.MessagesCopiedToRemote);

        // Without UIDPLUS there is no APPENDUID: the new UIDs are found by fingerprint.
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", [Seed("n1"), Seed("n2")]);
        var noUidPlus = noMultiAppend with { MultiAppend = true, UidPlus = false };
        var second = await DovecotSync.RunAsync(servers, db, adapter: new() { FeatureMask = noUidPlus });
        Assert.Equal(2, second.MessagesCopiedToRemote);
        await DovecotSync.RunAsync(servers, db);
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(7, local.Count);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
    }

    internal static SeedMessage Seed(string id, params string[] flags) =>
        SeedMessage.Simple(id + "@x", subject: id, body: "body of " + id) with { Flags = flags, InternalDate = Past };
}
