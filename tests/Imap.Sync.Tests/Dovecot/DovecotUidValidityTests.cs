using System.Text;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// A mailbox deleted and recreated on a real Dovecot (new UIDVALIDITY, same messages under new UIDs) is
/// recovered in the same run: re-paired by Message-ID, size and date, nothing duplicated but the
/// messages without Message-ID, what one side lacks copied to it.
/// </summary>
public sealed class DovecotUidValidityTests
{
    private const string User = TwoDovecots.User;
    private const string Box = "Lists";
    private static readonly DateTimeOffset Past = new(2022, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public async Task A_mailbox_recreated_on_one_side_is_re_paired_and_then_carries_changes_through_the_new_mapping()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        await servers.Local.CreateMailboxAsync(User, Box);
        await servers.Remote.CreateMailboxAsync(User, Box);
        await servers.Local.AppendAsync(User, Box, [Seed("a", "\\Seen"), Seed("b"), Seed("c", "$Label"), NoMessageId("plain")]);
        await servers.Remote.AppendAsync(User, Box, [Seed("d", "\\Flagged")]);
        Assert.Empty((await DovecotSync.RunAsync(servers, db)).Errors);
        var before = await servers.Remote.GetMailboxStatusAsync(User, Box);

        // An admin recreates the remote mailbox from an export that lacks b; then e arrives there.
        await RecreateAsync(servers.Remote, m => m.MessageId != "<b@x>");
        await servers.Remote.AppendAsync(User, Box, [Seed("e")]);
        var after = await servers.Remote.GetMailboxStatusAsync(User, Box);
        Assert.NotEqual(before.UidValidity, after.UidValidity);

        var events = new List<SyncEvent>();
        var summary = await DovecotSync.RunAsync(servers, db, events: events);

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.UidValidityRecoveries);
        var warning = Assert.Single(events, e => e.Kind == SyncEventKind.UidValidityRecovered);
        Assert.Equal(SyncSide.Remote, warning.Side);
        Assert.Equal(Box, warning.Mailbox);
        Assert.StartsWith($"UIDVALIDITY changed ({before.UidValidity} -> {after.UidValidity}): the stored UIDs of remote are void. ", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Re-paired 3 message(s) by Message-ID, size and date; 2 to copy back to remote, 2 to copy over to local.", warning.Message, StringComparison.Ordinal);
        Assert.Equal(0, summary.Expunges);
        Assert.Equal(2, summary.MessagesCopiedToRemote); // b back, and the local copy of "plain"
        Assert.Equal(2, summary.MessagesCopiedToLocal);  // e, and the remote copy of "plain"
        // Without a Message-ID a message is never re-paired: copied both ways, so it is there twice.
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["<a@x>"] = 1, ["<b@x>"] = 1, ["<c@x>"] = 1, ["<d@x>"] = 1, ["<e@x>"] = 1, ["none:plain"] = 2,
        };
        Assert.Equal(expected, await MultisetAsync(servers.Local));
        Assert.Equal(expected, await MultisetAsync(servers.Remote));
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Contains(local, l => l.StartsWith("Lists: <a@x>", StringComparison.Ordinal) && l.EndsWith("[\\Seen]", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("Lists: <c@x>", StringComparison.Ordinal) && l.EndsWith("[$Label]", StringComparison.Ordinal));

        // The new mapping pairs the right messages: a flag change on the recreated side and an expunge
        // on the other reach their counterparts.
        var remoteA = (await servers.Remote.FetchMessagesAsync(User, Box)).Single(m => m.MessageId == "<a@x>");
        var localC = (await servers.Local.FetchMessagesAsync(User, Box)).Single(m => m.MessageId == "<c@x>");
        await servers.Remote.ReplaceFlagsAsync(User, Box, [remoteA.Uid], ["\\Answered"]);
        await servers.Local.ExpungeAsync(User, Box, [localC.Uid]);
        var third = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(third.Errors);
        Assert.Equal((1, 1, 0), (third.FlagUpdates, third.Expunges, third.UidValidityRecoveries));
        local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Contains(local, l => l.StartsWith("Lists: <a@x>", StringComparison.Ordinal) && l.EndsWith("[\\Answered]", StringComparison.Ordinal));
        Assert.DoesNotContain(local, l => l.Contains("<c@x>", StringComparison.Ordinal));
        Assert.Equal(6, local.Count(l => l.StartsWith("Lists:", StringComparison.Ordinal)));

        var quiet = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(quiet.Errors);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges + quiet.Warnings);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Local));
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
    }

    [Fact]
    public async Task A_UIDVALIDITY_changed_in_place_by_doveadm_re_pairs_every_message_and_copies_nothing()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        await servers.Local.AppendAsync(User, "INBOX", [Seed("a", "\\Seen"), Seed("b"), NoMessageId("plain")]);
        await servers.Remote.AppendAsync(User, "INBOX", [Seed("c", "\\Flagged")]);
        Assert.Empty((await DovecotSync.RunAsync(servers, db)).Errors);
        var before = await servers.Local.GetMailboxStatusAsync(User, "INBOX");
        await servers.Local.SetUidValidityAsync(User, "INBOX", before.UidValidity + 1000);
        Assert.Equal(before.UidValidity + 1000, (await servers.Local.GetMailboxStatusAsync(User, "INBOX")).UidValidity);

        var events = new List<SyncEvent>();
        var summary = await DovecotSync.RunAsync(servers, db, events: events);

        Assert.Empty(summary.Errors);
        var warning = Assert.Single(events, e => e.Kind == SyncEventKind.UidValidityRecovered);
        Assert.Equal((SyncSide.Local, "INBOX"), (warning.Side!.Value, warning.Mailbox!));
        Assert.Contains($"({before.UidValidity} -> {before.UidValidity + 1000})", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Re-paired 3 message(s) by Message-ID, size and date; 1 to copy back to local, 1 to copy over to remote.", warning.Message, StringComparison.Ordinal);
        // Only the message without Message-ID is copied (each way): it cannot be re-paired.
        Assert.Equal((1, 1, 0, 0), (summary.MessagesCopiedToLocal, summary.MessagesCopiedToRemote, summary.FlagUpdates, summary.Expunges));
        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Equal(5, local.Count);
        var quiet = await DovecotSync.RunAsync(servers, db);
        Assert.Equal(0, quiet.MessagesCopiedToLocal + quiet.MessagesCopiedToRemote + quiet.FlagUpdates + quiet.Expunges + quiet.Warnings);
    }

    [Fact]
    public async Task A_mailbox_recreated_on_both_sides_is_adopted_again_without_duplicates()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        await servers.Local.CreateMailboxAsync(User, Box);
        await servers.Local.AppendAsync(User, Box, [Seed("a", "\\Seen"), Seed("b"), Seed("c")]);
        Assert.Empty((await DovecotSync.RunAsync(servers, db)).Errors);

        await RecreateAsync(servers.Local, _ => true);
        await RecreateAsync(servers.Remote, m => m.MessageId != "<c@x>");
        await servers.Remote.AppendAsync(User, Box, [Seed("d")]);
        var events = new List<SyncEvent>();
        var summary = await DovecotSync.RunAsync(servers, db, events: events);

        Assert.Empty(summary.Errors);
        Assert.Contains(events, e => e.Kind == SyncEventKind.UidValidityRecovered && e.Side is null && e.Mailbox == Box);
        Assert.Equal(2, summary.MessagesAdopted);        // a and b
        Assert.Equal(1, summary.MessagesCopiedToRemote); // c, back
        Assert.Equal(1, summary.MessagesCopiedToLocal);  // d
        var expected = new Dictionary<string, int>(StringComparer.Ordinal) { ["<a@x>"] = 1, ["<b@x>"] = 1, ["<c@x>"] = 1, ["<d@x>"] = 1 };
        Assert.Equal(expected, await MultisetAsync(servers.Local));
        Assert.Equal(expected, await MultisetAsync(servers.Remote));
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
    }

    // Deletes the mailbox and creates it again (a new UIDVALIDITY) with the kept messages' bytes, flags and dates.
    private static async Task RecreateAsync(DovecotServer server, Func<StoredMessage, bool> keep)
    {
        var seeds = new List<SeedMessage>();
        foreach (var message in (await server.FetchMessagesAsync(User, Box)).Where(keep))
        {
            seeds.Add(new SeedMessage(await server.FetchMessageBytesAsync(User, Box, message.Uid)) { Flags = message.Flags, InternalDate = message.InternalDate });
        }

        await server.DeleteMailboxAsync(User, Box);
        await server.CreateMailboxAsync(User, Box);
        await server.AppendAsync(User, Box, seeds);
    }

    private static SeedMessage Seed(string id, params string[] flags) =>
        SeedMessage.Simple(id + "@x", subject: id, body: "body of " + id) with { InternalDate = Past, Flags = flags };

    private static SeedMessage NoMessageId(string body) =>
        new SeedMessage(Encoding.ASCII.GetBytes($"From: a@example.org\r\nSubject: none\r\n\r\n{body}\r\n")) { InternalDate = Past };

    // How many messages of each kind the mailbox holds: by Message-ID, else by body.
    private static async Task<Dictionary<string, int>> MultisetAsync(DovecotServer server)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var message in await server.FetchMessagesAsync(User, Box))
        {
            var key = message.MessageId ?? "none:" + Encoding.ASCII.GetString(await server.FetchMessageBytesAsync(User, Box, message.Uid)).Split("\r\n\r\n")[1].TrimEnd();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
