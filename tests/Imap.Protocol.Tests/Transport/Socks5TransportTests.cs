using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Transport;

public class Socks5TransportTests
{
    [Fact]
    public async Task Socks5h_sends_the_host_name_to_the_proxy()
    {
        await using var proxy = new FakeSocks5Server();
        await using var transport = await Connect($"socks5h://127.0.0.1:{proxy.Port}", "imap.example.org", 143);
        var reader = new StreamReader(transport.Stream);
        Assert.Equal("* OK via proxy", await reader.ReadLineAsync());
        Assert.Equal(3, proxy.AddressType);
        Assert.Equal("imap.example.org", proxy.Address);
        Assert.Equal(143, proxy.TargetPort);
        Assert.Equal([0], proxy.OfferedMethods);
    }

    [Fact]
    public async Task Socks5_resolves_locally()
    {
        await using var proxy = new FakeSocks5Server();
        await using var transport = await Connect($"socks5://127.0.0.1:{proxy.Port}", "127.0.0.2", 1993);
        Assert.Equal(1, proxy.AddressType);
        Assert.Equal("127.0.0.2", proxy.Address);
        Assert.Equal(1993, proxy.TargetPort);
    }

    [Fact]
    public async Task User_and_password_are_offered_and_sent()
    {
        await using var proxy = new FakeSocks5Server(requiredUser: "bob", requiredPassword: "p@ss:word");
        await using var transport = await Connect($"socks5h://bob:p%40ss%3Aword@127.0.0.1:{proxy.Port}", "h", 143);
        Assert.Equal([0, 2], proxy.OfferedMethods);
        Assert.Equal("h", proxy.Address);
    }

    [Fact]
    public async Task Wrong_proxy_password_fails()
    {
        await using var proxy = new FakeSocks5Server(requiredUser: "bob", requiredPassword: "right");
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => Connect($"socks5h://bob:wrong@127.0.0.1:{proxy.Port}", "h", 143));
        Assert.Equal("SOCKSv5 ERROR: Authentication failed", ex.Message);
    }

    [Fact]
    public async Task Reply_codes_become_messages()
    {
        await using var proxy = new FakeSocks5Server(reply: 5);
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => Connect($"socks5h://127.0.0.1:{proxy.Port}", "h", 143));
        Assert.Equal("SOCKSv5 ERROR: connection refused", ex.Message);
    }

    [Fact]
    public async Task Other_schemes_are_refused()
    {
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => Connect("http://127.0.0.1:1", "h", 143));
        Assert.Equal("Unsupported proxy protocol http", ex.Message);
    }

    [Fact]
    public void Default_proxy_port_is_1080()
    {
        Assert.Equal(1080, Socks5Proxy.Parse(new Uri("socks5://proxy.example")).Port);
    }

    private static Task<ImapTransport> Connect(string proxy, string host, int port) =>
        ImapTransport.ConnectAsync(new ImapTransportOptions
        {
            Host = host,
            Port = port,
            Security = ImapSecurity.None,
            Proxy = new Uri(proxy),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
}
