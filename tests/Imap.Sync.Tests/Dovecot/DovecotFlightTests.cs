using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Sync.Tests.Faults;
using Imap.Testing.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Between two real Dovecot servers, counted in the client's protocol trace: a run over an account of
/// 20 mailboxes with one flag change in each costs a handful of flights per side (see
/// <see cref="FlightCounter"/>), not a few per mailbox. The reads of every mailbox
/// go in one flight, and so do the writes (SELECT a; UID STORE ...; SELECT b; ...).
/// </summary>
public sealed class DovecotFlightTests
{
    private const string User = TwoDovecots.User;
    private const int Mailboxes = 20;

    // NAMESPACE + LIST-STATUS; every QRESYNC SELECT (with its UID SEARCH for new mail); every SELECT +
    // UID STORE (local); the HIGHESTMODSEQ check after them (local). One to spare: a lane released late
    // may find the pipeline drained.
    private const int MaxFlightsPerSide = 5;

    [Fact]
    public async Task One_flag_change_in_each_of_20_mailboxes_costs_a_handful_of_flights_per_side()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var (servers, names, db) = await SeedAsync(proxied, messagesEach: 1);
        await using (var changer = await OpenClientAsync(servers.Remote))
        {
            var stores = new List<Task>();
            foreach (var name in names)
            {
                stores.Add(changer.SelectAsync(new MailboxName(name)));
                stores.Add(changer.StoreAsync(UidSet.FromUids([new Uid(1)]), StoreAction.Add, ["\\Flagged"], null, silent: true));
            }

            await Task.WhenAll(stores);
        }

        var (summary, local, remote) = await SyncSlowlyAsync(proxied, db);

        Assert.Empty(summary.Errors);
        Assert.Equal(Mailboxes, summary.FlagUpdates);
        Assert.Equal(Mailboxes, summary.MailboxesSynced);
        Assert.True(local.Flights <= MaxFlightsPerSide, $"local: {local.Flights} flights:\n{local}");
        Assert.True(remote.Flights <= MaxFlightsPerSide, $"remote: {remote.Flights} flights:\n{remote}");
        Assert.All(await TwoDovecots.ReadBackAsync(servers.Local), line => Assert.Contains("\\Flagged", line, StringComparison.Ordinal));
        await servers.AssertConvergedAsync(db);
    }

    // One message expunged on the remote server in each mailbox: the local side marks and expunges them
    // all in one flight, and learns what went from UID EXPUNGE's own VANISHED replies (QRESYNC),
    // not from a UID SEARCH after it.
    [Fact]
    public async Task Expunges_in_20_mailboxes_are_confirmed_by_VANISHED_without_a_search()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var (servers, names, db) = await SeedAsync(proxied, messagesEach: 2);
        await using (var changer = await OpenClientAsync(servers.Remote))
        {
            foreach (var name in names)
            {
                await changer.SelectAsync(new MailboxName(name));
                await changer.StoreAsync(UidSet.FromUids([new Uid(1)]), StoreAction.Add, ["\\Deleted"], null, silent: true);
                await changer.ExpungeAsync(UidSet.FromUids([new Uid(1)]));
            }
        }

        var (summary, local, _) = await SyncSlowlyAsync(proxied, db);

        Assert.Empty(summary.Errors);
        Assert.Equal(Mailboxes, summary.Expunges);
        Assert.Equal(0, summary.Warnings); // "Couldn't UID EXPUNGE" when an expunge is not confirmed
        var expunges = local.Commands.Where(c => c.Words.StartsWith("UID EXPUNGE", StringComparison.Ordinal)).ToList();
        Assert.Equal(Mailboxes, expunges.Count);
        var firstExpunge = local.Commands.IndexOf(expunges[0]);
        Assert.DoesNotContain(local.Commands.Skip(firstExpunge), c => c.Words.Contains("SEARCH", StringComparison.Ordinal));
        // Each mailbox's \Deleted and its EXPUNGE go in one flight, a SELECT of the mailbox between
        // them (a sequence point: the server may otherwise run the two in parallel).
        Assert.All(expunges, expunge =>
        {
            var at = local.Commands.IndexOf(expunge);
            Assert.StartsWith("SELECT ", local.Commands[at - 1].Words, StringComparison.Ordinal);
            Assert.StartsWith("UID STORE", local.Commands[at - 2].Words, StringComparison.Ordinal);
            Assert.Contains("\\Deleted", local.Commands[at - 2].Words, StringComparison.Ordinal);
            Assert.True(local.WrittenBeforeReply(local.Commands[at - 2].Tag, at), $"UID EXPUNGE waited for its STORE's reply:\n{local}");
        });
        Assert.True(local.Flights <= MaxFlightsPerSide, $"local: {local.Flights} flights:\n{local}");
        await servers.AssertConvergedAsync(db);
    }

    // The HIGHESTMODSEQ check after our own writes goes in the flight of the last write, behind a SELECT
    // of the same mailbox (a sequence point), instead of a flight of its own: flags and expunges each
    // cost one flight less (the expunges, marked \Deleted in the same flight, as many as the flags). Its answer still lets the stored HIGHESTMODSEQ pass our own writes, so the
    // next run finds nothing changed on either side (no SELECT at all).
    [Theory]
    [InlineData("flags")]
    [InlineData("expunge")]
    public async Task The_check_after_our_writes_goes_in_the_flight_of_the_last_write(string change)
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var (servers, names, db) = await SeedAsync(proxied, messagesEach: 2);
        await using (var changer = await OpenClientAsync(servers.Remote))
        {
            foreach (var name in names)
            {
                await changer.SelectAsync(new MailboxName(name));
                var first = UidSet.FromUids([new Uid(1)]);
                await changer.StoreAsync(first, StoreAction.Add, [change == "flags" ? "\\Flagged" : "\\Deleted"], null, silent: true);
                if (change == "expunge")
                {
                    await changer.ExpungeAsync(first);
                }
            }
        }

        var (summary, local, _) = await SyncSlowlyAsync(proxied, db);

        Assert.Empty(summary.Errors);
        Assert.Equal(Mailboxes, change == "flags" ? summary.FlagUpdates : summary.Expunges);
        var write = change == "flags" ? "UID STORE" : "UID EXPUNGE";
        var writes = local.Commands.Where(c => c.Words.StartsWith(write, StringComparison.Ordinal)).ToList();
        var checks = local.Commands.Where(c => c.Words.StartsWith("UID FETCH 1:* ", StringComparison.Ordinal) && c.Words.Contains("CHANGEDSINCE", StringComparison.Ordinal)).ToList();
        Assert.Equal(Mailboxes, writes.Count);
        Assert.Equal(Mailboxes, checks.Count);
        // Each check written right behind its mailbox's write and a SELECT of it: sent together, before
        // the write's reply (asked after the reply, it would follow whatever the other lanes sent meanwhile).
        Assert.All(checks, check =>
        {
            var at = local.Commands.IndexOf(check);
            Assert.StartsWith("SELECT ", local.Commands[at - 1].Words, StringComparison.Ordinal);
            Assert.StartsWith(write, local.Commands[at - 2].Words, StringComparison.Ordinal);
            Assert.Equal(local.Commands[at - 2].Flight, check.Flight);
        });
        Assert.True(local.Flights <= 4, $"local: {local.Flights} flights:\n{local}");

        var (again, localAgain, remoteAgain) = await SyncSlowlyAsync(proxied, db);
        Assert.Empty(again.Errors);
        Assert.DoesNotContain(localAgain.Commands, c => c.Words.StartsWith("SELECT", StringComparison.Ordinal));
        Assert.DoesNotContain(remoteAgain.Commands, c => c.Words.StartsWith("SELECT", StringComparison.Ordinal));
        await servers.AssertConvergedAsync(db);
    }

    // One new message on the remote server in each mailbox: which UIDs are new is asked in the flight
    // of the QRESYNC SELECTs (whose replies name changes, not arrivals), not in a round trip of its own.
    // On the target, the reads that follow the copy (the HIGHESTMODSEQ check and the UIDs past the
    // APPEND) go in the APPEND's own flight, behind a SELECT of the mailbox, instead of a round trip
    // after its reply; the next run still finds nothing changed (no SELECT at all).
    [Fact]
    public async Task New_messages_in_20_mailboxes_are_listed_in_the_flight_of_the_selects_and_read_back_in_that_of_the_appends()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var (servers, names, db) = await SeedAsync(proxied, messagesEach: 1);
        await using (var changer = await OpenClientAsync(servers.Remote))
        {
            await Task.WhenAll(names.Select(n => changer.AppendAsync(new MailboxName(n), Message(n + "-new"), default)));
        }

        var (summary, local, remote) = await SyncSlowlyAsync(proxied, db);

        Assert.Empty(summary.Errors);
        Assert.Equal(Mailboxes, summary.MessagesCopiedToLocal);
        var selects = remote.Commands.Where(c => c.Words.StartsWith("SELECT", StringComparison.Ordinal) && c.Words.Contains("QRESYNC", StringComparison.Ordinal)).ToList();
        var searches = remote.Commands.Where(c => c.Words.StartsWith("UID SEARCH", StringComparison.Ordinal)).ToList();
        Assert.Equal(Mailboxes, selects.Count);
        Assert.Equal(Mailboxes, searches.Count);
        Assert.All(searches, s => Assert.Equal(selects[0].Flight, s.Flight));

        var checks = local.Commands.Where(c => c.Words.StartsWith("UID FETCH 1:* ", StringComparison.Ordinal) && c.Words.Contains("CHANGEDSINCE", StringComparison.Ordinal)).ToList();
        Assert.Equal(Mailboxes, checks.Count);
        Assert.All(checks, check =>
        {
            var at = local.Commands.IndexOf(check);
            Assert.StartsWith("SELECT ", local.Commands[at - 1].Words, StringComparison.Ordinal);
            Assert.StartsWith("APPEND ", local.Commands[at - 2].Words, StringComparison.Ordinal);
            Assert.True(local.WrittenBeforeReply(local.Commands[at - 2].Tag, at), $"the check waited for the APPEND's reply:\n{local}");
            Assert.StartsWith("UID SEARCH", local.Commands[at + 1].Words, StringComparison.Ordinal);
        });

        var (again, localAgain, remoteAgain) = await SyncSlowlyAsync(proxied, db);
        Assert.Empty(again.Errors);
        Assert.DoesNotContain(localAgain.Commands, c => c.Words.StartsWith("SELECT", StringComparison.Ordinal));
        Assert.DoesNotContain(remoteAgain.Commands, c => c.Words.StartsWith("SELECT", StringComparison.Ordinal));
        await servers.AssertConvergedAsync(db);
    }

    // An account of 20 mailboxes with `messagesEach` messages, all copied from remote to local.
    private static async Task<(TwoDovecots Servers, List<string> Names, string Db)> SeedAsync(ProxiedDovecots proxied, int messagesEach)
    {
        var servers = proxied.Servers;
        var names = Enumerable.Range(0, Mailboxes).Select(i => $"box{i:00}").ToList();
        await using (var seeder = await OpenClientAsync(servers.Remote))
        {
            await Task.WhenAll(names.Select(n => seeder.CreateAsync(new MailboxName(n))));
            await Task.WhenAll(names.SelectMany(n => Enumerable.Range(0, messagesEach).Select(i => seeder.AppendAsync(new MailboxName(n), Message($"{n}-{i}"), default))));
        }

        var db = servers.Work.File("state.db");
        var initial = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(initial.Errors);
        Assert.Equal(Mailboxes * messagesEach, initial.MessagesCopiedToLocal);
        return (servers, names, db);
    }

    // A run with replies held back a little on both sides, as on a real link (on loopback the server
    // would answer the first lanes' commands before the last ones are written, splitting flights),
    // counting each side's flights.
    private static async Task<(SyncSummary Summary, FlightCounter Local, FlightCounter Remote)> SyncSlowlyAsync(ProxiedDovecots proxied, string db)
    {
        Fault[] latency = [Fault.Drip(FaultDirection.ServerToClient, 0, TimeSpan.FromMilliseconds(30), chunkSize: 1 << 16)];
        proxied.LocalProxy.Faults = latency;
        proxied.RemoteProxy.Faults = latency;
        var local = new FlightCounter();
        var remote = new FlightCounter();
        var summary = await proxied.SyncAsync(db, new SyncOptions(), localTrace: local.Line, remoteTrace: remote.Line);
        return (summary, local, remote);
    }

    private static async Task<ImapClient> OpenClientAsync(DovecotServer server) => (await DovecotSync.OpenAsync(server)).Client;

    private static AppendMessage Message(string name) =>
        new() { Content = ImapLiteral.FromMemory(System.Text.Encoding.ASCII.GetBytes($"Message-ID: <{name}@x>\r\nSubject: {name}\r\n\r\nbody of {name}\r\n")) };

    /// <summary>
    /// Counts the client's flights on one connection from the engine's first command (NAMESPACE or LIST)
    /// on: a command written while every earlier one is
    /// answered starts a new flight (the link sat idle waiting for a round trip). Commands written while
    /// replies to earlier ones stream in belong to the same flight, as on loopback the server starts
    /// answering before the client has finished writing.
    /// </summary>
    private sealed class FlightCounter
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];
        private readonly HashSet<string> _outstanding = [];
        private bool _counting;

        public int Flights { get; private set; }

        /// <summary>Each command written since counting started (tag apart), with the flight it went in.</summary>
        public List<(int Flight, string Words, string Tag)> Commands { get; } = [];

        // For each answered command, how many commands had been written when its tagged reply came.
        private readonly Dictionary<string, int> _writtenWhenAnswered = [];

        /// <summary>Whether the command at <paramref name="index"/> was written before <paramref name="tag"/>'s tagged reply came.</summary>
        public bool WrittenBeforeReply(string tag, int index)
        {
            lock (_lock)
            {
                return !_writtenWhenAnswered.TryGetValue(tag, out var written) || written > index;
            }
        }

        /// <summary>The lines seen since <see cref="Start"/>, each flight headed by its number (for the failure message).</summary>
        public override string ToString()
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }

        public void Line(string line)
        {
            lock (_lock)
            {
                var words = line.Split(' ', 4);
                // The engine's first command; what came before is the login.
                _counting |= words is ["C:", _, "NAMESPACE" or "LIST", ..];
                if (!_counting)
                {
                    return;
                }

                if (words is ["C:", var tag, ..] && !tag.StartsWith('['))
                {
                    if (_outstanding.Count == 0)
                    {
                        Flights++;
                        _lines.Add($"--- flight {Flights}");
                    }

                    _outstanding.Add(tag);
                    Commands.Add((Flights, words.Length > 2 ? string.Join(' ', words[2..]) : "", tag));
                }
                else if (words is ["S:", var replyTag, "OK" or "NO" or "BAD", ..])
                {
                    _outstanding.Remove(replyTag);
                    _writtenWhenAnswered.TryAdd(replyTag, Commands.Count);
                }

                if (!line.StartsWith("S: *", StringComparison.Ordinal))
                {
                    _lines.Add(line.Length > 70 ? line[..70] : line);
                }
            }
        }
    }
}
