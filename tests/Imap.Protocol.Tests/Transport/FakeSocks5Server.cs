using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Imap.Protocol.Tests.Transport;

/// <summary>A one-shot SOCKS5 server that records the request and then greets like an IMAP server.</summary>
internal sealed class FakeSocks5Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serve;

    public FakeSocks5Server(byte reply = 0, string? requiredUser = null, string? requiredPassword = null, bool relay = false)
    {
        _listener.Start();
        _relay = relay;
        _serve = ServeAsync(reply, requiredUser, requiredPassword);
    }

    private readonly bool _relay;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public byte[] OfferedMethods { get; private set; } = [];
    public byte AddressType { get; private set; }
    public string Address { get; private set; } = "";
    public int TargetPort { get; private set; }

    private async Task ServeAsync(byte reply, string? user, string? password)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var s = client.GetStream();
        var head = await Read(s, 2);
        OfferedMethods = await Read(s, head[1]);
        var method = user is null ? (byte)0 : (byte)2;
        await s.WriteAsync(new byte[] { 5, OfferedMethods.Contains(method) ? method : (byte)0xFF });
        if (user is not null)
        {
            var ver = await Read(s, 2);
            var u = Encoding.UTF8.GetString(await Read(s, ver[1]));
            var plen = await Read(s, 1);
            var p = Encoding.UTF8.GetString(await Read(s, plen[0]));
            var ok = u == user && p == password;
            await s.WriteAsync(new byte[] { 1, ok ? (byte)0 : (byte)1 });
            if (!ok)
            {
                return;
            }
        }
        var request = await Read(s, 4);
        AddressType = request[3];
        Address = AddressType switch
        {
            1 => new IPAddress(await Read(s, 4)).ToString(),
            4 => new IPAddress(await Read(s, 16)).ToString(),
            _ => Encoding.ASCII.GetString(await Read(s, (await Read(s, 1))[0])),
        };
        var port = await Read(s, 2);
        TargetPort = (port[0] << 8) | port[1];
        await s.WriteAsync(new byte[] { 5, reply, 0, 1, 127, 0, 0, 1, 0, 0 });
        if (reply == 0 && _relay)
        {
            // Really connect: "localhost" names resolve here, as a socks5h proxy would.
            using var target = new TcpClient();
            await target.ConnectAsync(Address == "localhost" ? "127.0.0.1" : Address, TargetPort);
            var t = target.GetStream();
            await Task.WhenAny(s.CopyToAsync(t), t.CopyToAsync(s));
        }
        else if (reply == 0)
        {
            await s.WriteAsync("* OK via proxy\r\n"u8.ToArray());
            _ = await s.ReadAsync(new byte[1]);
        }
    }

    private static async Task<byte[]> Read(Stream s, int n)
    {
        var b = new byte[n];
        await s.ReadExactlyAsync(b);
        return b;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serve.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or ObjectDisposedException or TimeoutException)
        {
        }
    }
}
