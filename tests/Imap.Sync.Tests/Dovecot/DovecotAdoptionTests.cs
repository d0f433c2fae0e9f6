using System.Text;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// A first sync between two real Dovecots already holding the same mail (as after a copy with another
/// tool): the messages present on both sides are adopted (paired), not copied both ways.
/// </summary>
public sealed class DovecotAdoptionTests
{
    private const string User = TwoDovecots.User;
    private static readonly DateTimeOffset Past = new(2021, 3, 4, 5, 6, 7, TimeSpan.FromHours(1));

    [Fact]
    public async Task First_sync_of_two_populated_mailboxes_adopts_the_shared_messages_and_the_pairs_then_carry_changes()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var db = servers.Work.File("state.db");
        // 50 shared messages; every fifth has other flags on each side.
        var shared = Enumerable.Range(0, 50).Select(i => Shared(i)).ToList();
        await servers.Local.AppendAsync(User, "INBOX", shared.Select((m, i) => m with { Flags = i % 5 == 0 ? ["\\Seen"] : [] }));
        await servers.Remote.AppendAsync(User, "INBOX", shared.Select((m, i) => m with { Flags = i % 5 == 0 ? ["\\Flagged"] : [] }));
        await servers.Local.AppendAsync(User, "INBOX", [Seed("local-1"), Seed("local-2"), Seed("local-3"), NoMessageId("first"), NoMessageId("second!"), Seed("twice"), Seed("twice")]);
        await servers.Remote.AppendAsync(User, "INBOX", [Seed("remote-1"), Seed("remote-2"), Seed("remote-3"), NoMessageId("first"), NoMessageId("second!"), Seed("twice")]);

        var events = new List<SyncEvent>();
        var first = await DovecotSync.RunAsync(servers, db, events: events);

        Assert.Empty(first.Errors);
        Assert.Equal(51, first.MessagesAdopted);         // the 50, and "twice" once
        Assert.Equal(6, first.MessagesCopiedToRemote);   // 3 local-only, 2 without Message-ID, the second "twice"
        Assert.Equal(5, first.MessagesCopiedToLocal);    // 3 remote-only, 2 without Message-ID
        Assert.Equal(10, first.Conflicts);               // the flags of every fifth shared message were merged
        Assert.Equal("Adopted 51 message(s) present on both sides of INBOX", Assert.Single(events, e => e.Kind == SyncEventKind.MessagesAdopted).Message);
        Assert.Equal(10, Assert.Single(events, e => e.Kind == SyncEventKind.FlagConflict).Count); // one line, not ten
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["<twice@x>"] = 2, ["none:first"] = 2, ["none:second!"] = 2, // no Message-ID: duplicated, never paired
        };
        foreach (var id in shared.Select((_, i) => $"<shared-{i}@x>").Concat(["<local-1@x>", "<local-2@x>", "<local-3@x>", "<remote-1@x>", "<remote-2@x>", "<remote-3@x>"]))
        {
            expected[id] = 1;
        }

        var local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(expected, await MultisetAsync(servers.Local));
        Assert.Equal(expected, await MultisetAsync(servers.Remote));
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Contains(local, l => l.StartsWith("INBOX: <shared-5@x>", StringComparison.Ordinal) && l.EndsWith("[\\Flagged \\Seen]", StringComparison.Ordinal));
        Assert.Contains(local, l => l.StartsWith("INBOX: <shared-6@x>", StringComparison.Ordinal) && l.EndsWith("[]", StringComparison.Ordinal));

        var second = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(second.Errors);
        Assert.Equal(0, second.MessagesAdopted + second.MessagesCopiedToLocal + second.MessagesCopiedToRemote + second.FlagUpdates + second.Expunges);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Local));
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);

        // The mapping pairs the right messages: a flag change and an expunge reach the adopted counterpart.
        var remote7 = (await servers.Remote.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == "<shared-7@x>");
        var local8 = (await servers.Local.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == "<shared-8@x>");
        await servers.Remote.ReplaceFlagsAsync(User, "INBOX", [remote7.Uid], ["\\Answered"]);
        await servers.Local.ExpungeAsync(User, "INBOX", [local8.Uid]);
        var third = await DovecotSync.RunAsync(servers, db);
        Assert.Equal(1, third.FlagUpdates);
        Assert.Equal(1, third.Expunges);
        local = await TwoDovecots.ReadBackAsync(servers.Local);
        Assert.Equal(local, await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
        Assert.Contains(local, l => l.StartsWith("INBOX: <shared-7@x>", StringComparison.Ordinal) && l.EndsWith("[\\Answered]", StringComparison.Ordinal));
        Assert.DoesNotContain(local, l => l.Contains("<shared-8@x>", StringComparison.Ordinal));
        Assert.Equal(expected.Values.Sum() - 1, local.Count);
    }

    [Fact]
    public async Task Same_message_id_with_another_size_or_internal_date_is_not_adopted()
    {
        await using var servers = await TwoDovecots.StartAsync();
        await servers.Local.AppendAsync(User, "INBOX", [Seed("date"), Seed("size"), Seed("same")]);
        await servers.Remote.AppendAsync(User, "INBOX", [
            Seed("date") with { InternalDate = Past.AddSeconds(1) },
            SeedMessage.Simple("size@x", subject: "size", body: "body of size, longer") with { InternalDate = Past },
            Seed("same")]);

        var summary = await DovecotSync.RunAsync(servers, servers.Work.File("state.db"));

        Assert.Empty(summary.Errors);
        Assert.Equal(1, summary.MessagesAdopted);
        Assert.Equal(2, summary.MessagesCopiedToLocal);
        Assert.Equal(2, summary.MessagesCopiedToRemote);
        var local = await MultisetAsync(servers.Local);
        Assert.Equal(new Dictionary<string, int>(StringComparer.Ordinal) { ["<date@x>"] = 2, ["<size@x>"] = 2, ["<same@x>"] = 1 }, local);
        Assert.Equal(local, await MultisetAsync(servers.Remote));
    }

    [Fact]
    public async Task Fingerprint_batches_pipelined_on_one_connection_return_every_message_once_in_order()
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Tls = false });
        var uids = await server.AppendAsync(User, "INBOX", Enumerable.Range(0, 40).Select(i => i % 7 == 3 ? NoMessageId($"n{i}") : Shared(i)));
        await using var connection = await DovecotSync.OpenAsync(server);
        await connection.SelectAsync("INBOX", null, CancellationToken.None);
        var wanted = uids.Where(u => u % 3 != 0).ToList(); // a set with gaps

        // Batches of 3: 10 in flight at most 4 at a time (Imap.Sync.Engine.FingerprintBatches.InFlight).
        var batched = await Imap.Sync.Engine.FingerprintBatches.FetchAsync(connection, wanted, 3, CancellationToken.None);
        var whole = await connection.FetchFingerprintsAsync(wanted, CancellationToken.None);

        Assert.Equal(wanted, batched.Select(p => p.Uid));
        Assert.Equal(whole, batched);
        Assert.Contains(batched, p => p.MessageId == "<shared-1@x>" && p.Size > 0 && p.InternalDate == Past.AddMinutes(1));
        Assert.Contains(batched, p => p.MessageId is null);
    }

    private static SeedMessage Seed(string id) =>
        SeedMessage.Simple(id + "@x", subject: id, body: "body of " + id) with { InternalDate = Past };

    private static SeedMessage Shared(int i) =>
        SeedMessage.Simple($"shared-{i}@x", subject: $"shared {i}", body: new string('x', i)) with { InternalDate = Past.AddMinutes(i) };

    private static SeedMessage NoMessageId(string body) =>
        new SeedMessage(Encoding.ASCII.GetBytes($"From: a@example.org\r\nSubject: none\r\n\r\n{body}\r\n")) { InternalDate = Past };

    // How many messages of each kind the INBOX holds: by Message-ID, else by body; sizes must agree.
    private static async Task<Dictionary<string, int>> MultisetAsync(DovecotServer server)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var message in await server.FetchMessagesAsync(User, "INBOX"))
        {
            var key = message.MessageId ?? "none:" + Encoding.ASCII.GetString(await server.FetchMessageBytesAsync(User, "INBOX", message.Uid)).Split("\r\n\r\n")[1].TrimEnd();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
