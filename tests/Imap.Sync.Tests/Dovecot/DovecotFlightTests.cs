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

    // NAMESPACE + LIST-STATUS; every QRESYNC SELECT; every SELECT + UID STORE (local); the HIGHESTMODSEQ
    // check after them (local). One to spare: a lane released late may find the pipeline drained.
    private const int MaxFlightsPerSide = 5;

    [Fact]
    public async Task One_flag_change_in_each_of_20_mailboxes_costs_a_handful_of_flights_per_side()
    {
        await using var proxied = await ProxiedDovecots.StartAsync();
        var servers = proxied.Servers;
        var names = Enumerable.Range(0, Mailboxes).Select(i => $"box{i:00}").ToList();
        await using (var seeder = await OpenClientAsync(servers.Remote))
        {
            await Task.WhenAll(names.Select(n => seeder.CreateAsync(new MailboxName(n))));
            await Task.WhenAll(names.Select(n => seeder.AppendAsync(new MailboxName(n), Message(n), default)));
        }

        var db = servers.Work.File("state.db");
        var initial = await DovecotSync.RunAsync(servers, db);
        Assert.Empty(initial.Errors);
        Assert.Equal(Mailboxes, initial.MessagesCopiedToLocal);

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

        // Replies held back a little on both sides, as on a real link: on loopback the server would
        // answer the first lanes' commands before the last ones are written, splitting flights.
        Fault[] latency = [Fault.Drip(FaultDirection.ServerToClient, 0, TimeSpan.FromMilliseconds(30), chunkSize: 1 << 16)];
        proxied.LocalProxy.Faults = latency;
        proxied.RemoteProxy.Faults = latency;
        var local = new FlightCounter();
        var remote = new FlightCounter();
        var summary = await proxied.SyncAsync(db, new SyncOptions(), localTrace: local.Line, remoteTrace: remote.Line);

        Assert.Empty(summary.Errors);
        Assert.Equal(Mailboxes, summary.FlagUpdates);
        Assert.Equal(Mailboxes, summary.MailboxesSynced);
        Assert.True(local.Flights <= MaxFlightsPerSide, $"local: {local.Flights} flights:\n{local}");
        Assert.True(remote.Flights <= MaxFlightsPerSide, $"remote: {remote.Flights} flights:\n{remote}");
        Assert.All(await TwoDovecots.ReadBackAsync(servers.Local), line => Assert.Contains("\\Flagged", line, StringComparison.Ordinal));
        await servers.AssertConvergedAsync(db);
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
                }
                else if (words is ["S:", var replyTag, "OK" or "NO" or "BAD", ..])
                {
                    _outstanding.Remove(replyTag);
                }

                if (!line.StartsWith("S: *", StringComparison.Ordinal))
                {
                    _lines.Add(line.Length > 70 ? line[..70] : line);
                }
            }
        }
    }
}
