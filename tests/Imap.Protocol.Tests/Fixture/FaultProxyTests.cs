using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Imap.Testing.Dovecot;
using Imap.Testing.Faults;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>The loopback fault proxy acts at exact byte offsets, in either direction.</summary>
public sealed class FaultProxyTests
{
    private static readonly byte[] FromServer = Pattern(100_000, 7);
    private static readonly byte[] FromClient = Pattern(50_000, 13);

    [Fact]
    public async Task Without_faults_both_directions_arrive_unchanged()
    {
        await using var target = new ScriptedTarget(FromServer);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port);

        var (toClient, reset) = await ExchangeAsync(proxy);

        Assert.False(reset);
        Assert.Equal(FromServer, toClient);
        Assert.Equal(FromClient, await target.Received);
        Assert.Equal(FromServer.Length, proxy.BytesToClient);
        Assert.Equal(FromClient.Length, proxy.BytesToServer);
        Assert.Equal(1, proxy.ConnectionCount);
        Assert.Equal(0, proxy.TriggeredCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16_385)]
    [InlineData(99_999)]
    public async Task Cut_server_to_client_delivers_exactly_n_bytes_then_eof(int n)
    {
        await using var target = new ScriptedTarget(FromServer);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Cut(FaultDirection.ServerToClient, n));

        var (toClient, reset) = await ExchangeAsync(proxy);

        Assert.False(reset);
        Assert.Equal(FromServer.AsSpan(0, n).ToArray(), toClient);
        Assert.Equal(1, proxy.TriggeredCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(49_999)]
    public async Task Cut_client_to_server_delivers_exactly_n_bytes_to_the_server(int n)
    {
        await using var target = new ScriptedTarget(FromServer);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Cut(FaultDirection.ClientToServer, n));

        await ExchangeAsync(proxy);

        Assert.Equal(FromClient.AsSpan(0, n).ToArray(), await target.Received);
    }

    [Fact]
    public async Task Cut_with_reset_is_seen_as_an_error_not_as_eof()
    {
        await using var target = new ScriptedTarget(FromServer);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Cut(FaultDirection.ServerToClient, 10, reset: true));

        var (toClient, reset) = await ExchangeAsync(proxy);

        Assert.True(reset);
        Assert.True(toClient.Length <= 10);
    }

    [Fact]
    public async Task A_fault_beyond_the_end_of_the_stream_never_acts()
    {
        await using var target = new ScriptedTarget(FromServer);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Cut(FaultDirection.ServerToClient, FromServer.Length + 1));

        var (toClient, _) = await ExchangeAsync(proxy);

        Assert.Equal(FromServer, toClient);
        Assert.Equal(0, proxy.TriggeredCount);
    }

    [Fact]
    public async Task Stall_holds_the_rest_back_for_the_duration_then_delivers_it()
    {
        var data = Pattern(20, 3);
        await using var target = new ScriptedTarget(data);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Stall(FaultDirection.ServerToClient, 5, TimeSpan.FromMilliseconds(1500)));
        using var client = await ConnectAsync(proxy);
        var clock = Stopwatch.StartNew();

        var first = await ReceiveExactlyAsync(client, 5);
        var firstAt = clock.Elapsed;
        var rest = await ReceiveExactlyAsync(client, 15);

        Assert.Equal(data, first.Concat(rest));
        // Wide margins: the machine running the tests may be busy.
        Assert.True(firstAt < TimeSpan.FromMilliseconds(1000), $"first bytes after {firstAt}");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1450), $"rest after {clock.Elapsed}");
    }

    [Fact]
    public async Task An_endless_stall_sends_nothing_more_and_dispose_still_ends_it()
    {
        await using var target = new ScriptedTarget(Pattern(20, 3));
        var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Stall(FaultDirection.ServerToClient, 5));
        using var client = await ConnectAsync(proxy);
        await ReceiveExactlyAsync(client, 5);

        var more = client.ReceiveAsync(new byte[1].AsMemory(), SocketFlags.None).AsTask();
        await Task.Delay(300);
        Assert.False(more.IsCompleted);

        await proxy.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await more.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Drip_forwards_slowly_but_intact()
    {
        var data = Pattern(40, 5);
        await using var target = new ScriptedTarget(data);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Drip(FaultDirection.ServerToClient, 0, TimeSpan.FromMilliseconds(25), chunkSize: 4));
        var clock = Stopwatch.StartNew();

        var (toClient, _) = await ExchangeAsync(proxy);

        Assert.Equal(data, toClient);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(200), $"took only {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inject_inserts_garbage_at_the_offset(bool thenCut)
    {
        var garbage = "\0\xff garbage )(\r\n"u8.ToArray();
        await using var target = new ScriptedTarget(FromServer);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Inject(FaultDirection.ServerToClient, 1000, garbage, thenCut));

        var (toClient, _) = await ExchangeAsync(proxy);

        var expected = FromServer.Take(1000).Concat(garbage).Concat(thenCut ? [] : FromServer.Skip(1000));
        Assert.Equal(expected, toClient);
    }

    [Fact]
    public async Task Rewrite_changes_lines_but_not_literal_data_and_keeps_a_partial_last_line()
    {
        // The literal holds a line the rewrite would change; a line split over reads; no CRLF at the end.
        var server = Encoding.ASCII.GetBytes("* OK hi\r\n* 1 FETCH (BODY[] {14}\r\nA1 OK [X] hi\r\n)\r\n" + new string('x', 40_000) + " [X]\r\nA1 OK [X] done");
        await using var target = new ScriptedTarget(server);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Rewrite(FaultDirection.ServerToClient, line => line.Replace("[X]", "[Y]", StringComparison.Ordinal)));

        var (toClient, _) = await ExchangeAsync(proxy);

        var expected = "* OK hi\r\n* 1 FETCH (BODY[] {14}\r\nA1 OK [X] hi\r\n)\r\n" + new string('x', 40_000) + " [Y]\r\nA1 OK [X] done";
        Assert.Equal(expected, Encoding.ASCII.GetString(toClient));
        Assert.Equal(FromClient, await target.Received);
    }

    [Fact]
    public async Task Rewrite_ends_after_the_last_line_and_passes_the_rest_unchanged()
    {
        // After the STARTTLS OK come TLS records: neither rewritten nor held back for a CRLF.
        var server = Encoding.ASCII.GetBytes("* OK [X]\r\nA1 OK [X] Begin TLS\r\n\x16\x03 [X]\r\nno line end [X]");
        await using var target = new ScriptedTarget(server);
        await using var proxy = FaultProxy.Start("127.0.0.1", target.Port, Fault.Rewrite(FaultDirection.ServerToClient,
            line => line.Replace("[X]", "[Y]", StringComparison.Ordinal), lastLine: line => line.Contains("Begin TLS", StringComparison.Ordinal)));

        var (toClient, _) = await ExchangeAsync(proxy);

        Assert.Equal("* OK [Y]\r\nA1 OK [Y] Begin TLS\r\n\x16\x03 [X]\r\nno line end [X]", Encoding.ASCII.GetString(toClient));
    }

    [Fact]
    public async Task Proxies_a_real_dovecot_and_faults_can_be_cleared_for_the_next_connection()
    {
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Tls = false });
        await using var proxy = FaultProxy.Start(server.Host, server.Port, Fault.Cut(FaultDirection.ServerToClient, 4));

        using (var cut = await ConnectAsync(proxy))
        {
            var (greeting, _) = await ScriptedTarget.ReadAllAsync(cut);
            Assert.Equal("* OK", Encoding.ASCII.GetString(greeting));
        }

        proxy.Faults = [];
        await using var clean = await RawImapConnection.ConnectAsync(proxy.Host, proxy.Port);
        Assert.StartsWith("* OK [CAPABILITY", clean.Greeting, StringComparison.Ordinal);
        await clean.LoginAsync("alice", "alicepw");
        Assert.Equal(2, proxy.ConnectionCount);
    }

    private static async Task<Socket> ConnectAsync(FaultProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy.Host, proxy.Port);
        return socket;
    }

    /// <summary>Sends <see cref="FromClient"/> (ignoring a cut), half-closes, and reads to EOF or reset.</summary>
    private static async Task<(byte[] ToClient, bool Reset)> ExchangeAsync(FaultProxy proxy)
    {
        Socket client;
        try
        {
            client = await ConnectAsync(proxy);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Under load the proxy's reset can overtake the completion of connect(): the client saw a reset.
            return ([], true);
        }

        using var owned = client;
        var reading = ScriptedTarget.ReadAllAsync(client);
        try
        {
            await client.SendAsync(FromClient, SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Cut while sending: expected for client-to-server faults.
        }

        return await reading;
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var got = 0; got < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, n);
            got += n;
        }

        return buffer;
    }

    private static byte[] Pattern(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * seed) ^ (i >> 8)))];
}
