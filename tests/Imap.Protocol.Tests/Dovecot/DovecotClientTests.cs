using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Transport;
using Imap.Testing.Dovecot;
using static Imap.Protocol.Tests.Dovecot.DovecotClients;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>The client against a real Dovecot: TLS options, STARTTLS, COMPRESS, every SASL mechanism, pipelining, big messages.</summary>
public class DovecotClientTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task Imaps_with_the_right_pin_and_verification_off()
    {
        await using var client = await ConnectAsync(Plain(Server, ImapSecurity.Tls, new ImapTlsOptions { VerifyCertificate = false, PinnedPublicKeys = [Server.SpkiFingerprint] }));
        Assert.True(client.Connection.IsTls);
    }

    [Fact]
    public async Task Imaps_with_a_wrong_pin_fails_before_any_command()
    {
        var trace = new List<string>();
        var wrong = "sha256$" + Convert.ToHexStringLower(SHA256.HashData("not the key"u8));
        var ex = await Assert.ThrowsAsync<ImapTlsException>(() =>
            ConnectAsync(Plain(Server, ImapSecurity.Tls, new ImapTlsOptions { VerifyCertificate = false, PinnedPublicKeys = [wrong] }), trace: trace.Add));
        Assert.Contains("fingerprint doesn't match", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(trace, l => l.StartsWith("C:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Imaps_verified_against_the_server_certificate_as_ca()
    {
        await using var client = await ConnectAsync(Plain(Server, ImapSecurity.Tls, new ImapTlsOptions { CaFile = Server.CertificatePath }));
        Assert.True(client.Connection.IsTls);
        var refused = await Assert.ThrowsAsync<ImapTlsException>(() => ConnectAsync(Plain(Server, ImapSecurity.Tls, new ImapTlsOptions())));
        Assert.Contains("not trusted", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starttls_upgrades_and_refreshes_capabilities()
    {
        var trace = new List<string>();
        await using var client = await ConnectAsync(Plain(Server, ImapSecurity.StartTls, new ImapTlsOptions { VerifyCertificate = false, PinnedPublicKeys = [Server.SpkiFingerprint] }), trace: trace.Add);
        Assert.True(client.Connection.IsTls);
        Assert.False(client.Capabilities.StartTls);
        Assert.Contains(trace, l => l.EndsWith("STARTTLS", StringComparison.Ordinal));
        await client.AuthenticateAsync(Credentials(Server));
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
    }

    [Fact]
    public async Task Starttls_with_a_wrong_pin_never_logs_in()
    {
        var wrong = "sha256$" + new string('0', 64);
        await Assert.ThrowsAsync<ImapTlsException>(() =>
            ConnectAsync(Plain(Server, ImapSecurity.StartTls, new ImapTlsOptions { VerifyCertificate = false, PinnedPublicKeys = [wrong] })));
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    [InlineData("AUTH=LOGIN")]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256")]
    public async Task Each_mechanism_logs_in(string mechanism)
    {
        var trace = new List<string>();
        await using var client = await ConnectAsync(Plain(Server), trace: trace.Add);
        await client.AuthenticateAsync(Credentials(Server, "bob"), [mechanism]);
        Assert.Equal(ImapConnectionState.Authenticated, client.State);
        Assert.True(client.Capabilities.QResync);
        Assert.DoesNotContain(trace, l => l.Contains("bobpw", StringComparison.Ordinal) || l.Contains(Convert.ToBase64String("\0bob\0bobpw"u8), StringComparison.Ordinal));
        var verb = mechanism == "LOGIN" ? "LOGIN" : "AUTHENTICATE";
        Assert.Contains(trace, l => l.StartsWith("C: ", StringComparison.Ordinal) && l.EndsWith($"{verb} [REDACTED]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    [InlineData("SCRAM-SHA-256")]
    public async Task Wrong_password_is_a_command_failure(string mechanism)
    {
        await using var client = await ConnectAsync(Plain(Server));
        var ex = await Assert.ThrowsAsync<ImapCommandException>(() =>
            client.AuthenticateAsync(new ImapCredentials { UserName = "alice", Password = "wrong" }, [mechanism]));
        Assert.Equal(ImapStatus.No, ex.Status);
        Assert.Equal(ImapConnectionState.NotAuthenticated, client.State);
        Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compress_is_negotiated_and_data_flows_compressed()
    {
        var mailbox = "compress-" + Guid.NewGuid().ToString("N")[..8];
        await Server.CreateMailboxAsync("alice", mailbox);
        var body = string.Concat(Enumerable.Repeat("All work and no play makes Jack a dull boy.\r\n", 2000));
        await Server.AppendAsync("alice", mailbox, SeedMessage.Simple("c1@test", body: body));
        await using var client = await LoginAsync(Server);
        var trace = new List<string>();
        Assert.True(await client.CompressAsync());
        Assert.True(client.Connection.IsCompressed);
        await client.SelectAsync(new MailboxName(mailbox));
        var before = client.Connection.Traffic;
        var fetched = await client.FetchListAsync(UidSet.Parse("1:*".Replace("*", "4294967295", StringComparison.Ordinal)), new FetchRequest { BodyItems = ["BODY.PEEK[]"] });
        var after = client.Connection.Traffic;
        var bytes = Assert.Single(fetched).GetBody()!.Data!.Value;
        Assert.Contains("makes Jack a dull boy", Encoding.ASCII.GetString(bytes.Span), StringComparison.Ordinal);
        var wire = after.Read - before.Read;
        var plain = after.PlainRead - before.PlainRead;
        Assert.True(plain > bytes.Length, $"plain {plain}");
        Assert.True(wire * 10 < plain, $"wire {wire} plain {plain}");
        Assert.True(await client.CompressAsync());
        await client.LogoutAsync();
    }

    [Fact]
    public async Task Pipelining_writes_several_commands_before_the_first_reply_is_read()
    {
        var names = Enumerable.Range(0, 6).Select(i => $"pipe{i}-{Guid.NewGuid():N}"[..14]).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            await Server.CreateMailboxAsync("alice", names[i]);
            for (var j = 0; j < i; j++)
            {
                await Server.AppendAsync("alice", names[i], SeedMessage.Simple($"{i}.{j}@pipe"));
            }
        }
        var delay = TimeSpan.FromMilliseconds(150);
        await using var proxy = new LatencyProxy(Server.Host, Server.Port, delay);
        await using var client = await ConnectAsync(new ImapTransportOptions { Host = "127.0.0.1", Port = proxy.Port, Security = ImapSecurity.None });
        await client.AuthenticateAsync(Credentials(Server));
        var mark = proxy.Log.Count;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(names.Select(n => client.StatusAsync(new MailboxName(n), StatusItems.Messages)));
        clock.Stop();
        Assert.Equal([0u, 1u, 2u, 3u, 4u, 5u], results.Select(r => r.Messages!.Value));
        var log = proxy.Log.Skip(mark).ToList();
        var firstReply = log.FindIndex(e => e.Direction == 'S');
        var sentBeforeReply = log.Take(firstReply).Where(e => e.Direction == 'C').Sum(e => CountOf(e.Text, "STATUS"));
        Assert.Equal(names.Length, sentBeforeReply);
        // Serial execution would take at least 6 round trips of 2 x 150 ms.
        Assert.True(clock.Elapsed < 6 * 2 * delay, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Mailbox_and_message_commands_against_dovecot()
    {
        var root = "cmd-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await LoginAsync(Server);
        Assert.Contains("QRESYNC", await client.EnableAsync(["QRESYNC"]));
        var id = await client.IdAsync([new("name", "imapsync-tests")]);
        Assert.NotNull(id);
        var ns = await client.NamespaceAsync();
        Assert.Equal('/', ns!.Personal[0].Delimiter);

        var box = new MailboxName(root + "/Brief ünïcode");
        await client.CreateAsync(box);
        await client.SubscribeAsync(box);
        var list = await client.ListAsync(new ListRequest
        {
            Patterns = [root + "/*"],
            SelectionOptions = ["SUBSCRIBED"],
            ReturnStatus = StatusItems.Messages | StatusItems.UidNext | StatusItems.UidValidity | StatusItems.HighestModSeq,
        });
        var entry = Assert.Single(list);
        Assert.Equal(box, entry.Mailbox.Mailbox);
        Assert.Equal(0u, entry.Status!.Messages);
        Assert.Single(await client.LsubAsync("", root + "/*"));

        var messages = Enumerable.Range(1, 5).Select(i => new AppendMessage
        {
            Content = ImapLiteral.FromMemory(SeedMessage.Simple($"m{i}@{root}").Content),
            Flags = i == 1 ? ["\\Seen", "$Label1"] : [],
            InternalDate = new DateTimeOffset(2024, 1, i, 12, 0, 0, TimeSpan.FromHours(2)),
        }).ToList();
        var appended = await client.AppendAsync(box, messages);
        Assert.Equal(5, appended.Uids.Count);
        var status = await client.StatusAsync(box, StatusItems.Messages | StatusItems.UidNext);
        Assert.Equal(5u, status.Messages);

        var selected = await client.SelectAsync(box, new SelectOptions { CondStore = true });
        Assert.Equal(5u, selected.Mailbox.Exists);
        Assert.Equal(appended.UidValidity, selected.Mailbox.UidValidity);
        var all = UidSet.FromUids(appended.Uids);
        var flags = await client.FetchListAsync(all, new FetchRequest { Flags = true, ModSeq = true, InternalDate = true, Size = true, Envelope = true });
        Assert.Equal(5, flags.Count);
        Assert.True(flags[0].Flags!.Value.Contains(ImapFlag.Seen));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.FromHours(2)), flags[0].InternalDate);
        var modseq = flags.Max(f => f.ModSeq!.Value);

        var store = await client.StoreAsync(all, StoreAction.Add, ["\\Flagged"], unchangedSince: modseq, silent: false);
        Assert.True(store.Modified.IsEmpty);
        Assert.Equal(5, store.Updated.Count);
        var stale = await client.StoreAsync(UidSet.FromUid(appended.Uids[0]), StoreAction.Remove, ["\\Seen"], unchangedSince: new ModSeq(1));
        Assert.Equal(appended.Uids[0].ToString(), stale.Modified.ToString());

        var search = await client.SearchAsync(SearchKey.And(SearchKey.HasFlag(ImapFlag.Flagged), SearchKey.LacksFlag(ImapFlag.Seen)));
        Assert.Equal(4, search.Uids.Count);

        var other = new MailboxName(root + "/other");
        await client.CreateAsync(other);
        var copy = await client.CopyAsync(UidSet.FromUid(appended.Uids[1]), other);
        Assert.Single(copy.Mapping);
        var move = await client.MoveAsync(UidSet.FromUid(appended.Uids[2]), other);
        Assert.Equal(appended.Uids[2], Assert.Single(move.Mapping).Key);
        Assert.Contains(appended.Uids[2], client.Selected!.TakeVanished());

        await client.StoreAsync(UidSet.FromUid(appended.Uids[3]), StoreAction.Add, ["\\Deleted"], silent: true);
        await client.ExpungeAsync(UidSet.FromUid(appended.Uids[3]));
        Assert.Contains(appended.Uids[3], client.Selected.TakeVanished());
        Assert.Equal(3u, client.Selected.Exists);

        var changed = await client.FetchListAsync(all, new FetchRequest { Flags = true, ChangedSince = modseq, Vanished = true });
        Assert.All(changed, f => Assert.True(f.ModSeq > modseq || f.ModSeq is null));

        await client.UnselectAsync();
        var renamed = new MailboxName(root + "/renamed");
        await client.RenameAsync(other, renamed);
        await client.UnsubscribeAsync(box);
        Assert.Empty(await client.LsubAsync("", root + "/*"));
        await client.DeleteAsync(renamed);
        var resync = await client.SelectAsync(box, new SelectOptions { QResync = new QResyncParameters(selected.Mailbox.UidValidity!.Value, modseq, all) });
        Assert.Contains(appended.Uids[2], resync.Vanished);
        await client.NotifyAsync("(SELECTED (MessageNew (UID) MessageExpunge FlagChange))");
        await client.NotifyAsync(null);
        await client.CloseAsync();
        Assert.Null(client.Selected);
        await client.LogoutAsync();
    }

    [Fact]
    public async Task Idle_sees_a_message_delivered_by_another_session()
    {
        var mailbox = "idle-" + Guid.NewGuid().ToString("N")[..8];
        await Server.CreateMailboxAsync("alice", mailbox);
        await using var client = await LoginAsync(Server);
        await client.SelectAsync(new MailboxName(mailbox));
        var arrived = new TaskCompletionSource();
        client.UntaggedResponse += (_, r) =>
        {
            if (r is ExistsResponse { Count: 1 })
            {
                arrived.TrySetResult();
            }
        };
        using var stop = new CancellationTokenSource();
        var idle = client.IdleAsync(stop.Token);
        await using (var other = await LoginAsync(Server))
        {
            await other.AppendAsync(new MailboxName(mailbox), new AppendMessage { Content = ImapLiteral.FromMemory(SeedMessage.Simple("idle@test").Content) });
        }
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1u, client.Selected!.Exists);
        await client.NoopAsync();
    }

    [Fact]
    public async Task Idle_renewed_every_half_second_keeps_cycling_and_still_sees_a_new_message()
    {
        var mailbox = "renew-" + Guid.NewGuid().ToString("N")[..8];
        await Server.CreateMailboxAsync("alice", mailbox);
        var trace = new List<string>();
        await using var client = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = Plain(Server),
            CommandTimeout = TimeSpan.FromSeconds(60),
            IdleRenewalInterval = TimeSpan.FromMilliseconds(500),
            Trace = line =>
            {
                lock (trace)
                {
                    trace.Add(line);
                }
            },
        });
        await client.AuthenticateAsync(Credentials(Server));
        await client.SelectAsync(new MailboxName(mailbox));
        var arrived = new TaskCompletionSource();
        client.UntaggedResponse += (_, r) =>
        {
            if (r is ExistsResponse { Count: 1 })
            {
                arrived.TrySetResult();
            }
        };
        int Count(string pattern)
        {
            lock (trace)
            {
                return trace.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, pattern));
            }
        }

        using var stop = new CancellationTokenSource();
        var idle = client.IdleAsync(stop.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Count(@"^C: DONE$") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "IDLE was not renewed twice:\n" + string.Join('\n', trace));
            await Task.Delay(50);
        }

        await using (var other = await LoginAsync(Server))
        {
            await other.AppendAsync(new MailboxName(mailbox), new AppendMessage { Content = ImapLiteral.FromMemory(SeedMessage.Simple("renew@test").Content) });
        }
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));

        // Every IDLE was ended by one DONE and answered with a tagged OK; the connection is still usable.
        var idles = Count(@"^C: \S+ IDLE$");
        Assert.True(idles >= 3, $"{idles} IDLE commands");
        Assert.Equal(idles, Count(@"^C: DONE$"));
        Assert.Equal(idles, Count(@"^S: \S+ OK Idle completed"));
        Assert.Equal(1u, client.Selected!.Exists);
        await client.NoopAsync();
    }

    [Fact]
    public async Task Depth_one_works_against_dovecot()
    {
        await using var client = await LoginAsync(Server, depth: 1);
        var tasks = Enumerable.Range(0, 5).Select(_ => client.StatusAsync(new MailboxName("INBOX"), StatusItems.Messages)).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.NotNull(r.Messages));
    }

    private static int CountOf(string text, string word)
    {
        var count = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
