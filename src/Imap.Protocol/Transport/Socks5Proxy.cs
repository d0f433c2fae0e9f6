using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Imap.Protocol.Transport;

/// <summary>SOCKS5 CONNECT (RFC 1928) with optional username/password authentication (RFC 1929).</summary>
internal sealed class Socks5Proxy
{
    private Socks5Proxy(string host, int port, bool remoteResolve, string? user, string? password)
    {
        Host = host;
        Port = port;
        RemoteResolve = remoteResolve;
        User = user;
        Password = password;
    }

    public string Host { get; }
    public int Port { get; }

    /// <summary>socks5h: the proxy resolves the target name; socks5: we resolve it.</summary>
    public bool RemoteResolve { get; }
    public string? User { get; }
    public string? Password { get; }

    public static Socks5Proxy Parse(Uri uri)
    {
        var remote = uri.Scheme.ToUpperInvariant() switch
        {
            "SOCKS5" => false,
            "SOCKS5H" => true,
            _ => throw new ImapConnectionException($"Unsupported proxy protocol {uri.Scheme}"),
        };
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ImapConnectionException($"Invalid proxy URI {uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.Unescaped)}");
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        return new Socks5Proxy(host, uri.IsDefaultPort || uri.Port < 0 ? 1080 : uri.Port, remote, user, password);
    }

    /// <summary>Runs the handshake on a stream already connected to the proxy.</summary>
    public async Task ConnectAsync(Stream proxy, string host, int port, CancellationToken cancellationToken)
    {
        byte[] greeting = User is null ? [5, 1, 0] : [5, 2, 0, 2];
        await proxy.WriteAsync(greeting, cancellationToken).ConfigureAwait(false);
        var choice = await ReadExactAsync(proxy, 2, cancellationToken).ConfigureAwait(false);
        if (choice[0] != 5)
        {
            throw Error("Invalid protocol");
        }
        switch (choice[1])
        {
            case 0:
                break;
            case 2 when User is not null:
                await AuthenticateAsync(proxy, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw Error("No acceptable authentication methods");
        }
        var request = await BuildConnectRequestAsync(host, port, cancellationToken).ConfigureAwait(false);
        await proxy.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        var reply = await ReadExactAsync(proxy, 4, cancellationToken).ConfigureAwait(false);
        if (reply[0] != 5)
        {
            throw Error("Invalid protocol");
        }
        if (reply[1] != 0)
        {
            throw Error(ReplyReason(reply[1]));
        }
        var addressLength = reply[3] switch
        {
            1 => 4,
            4 => 16,
            3 => (await ReadExactAsync(proxy, 1, cancellationToken).ConfigureAwait(false))[0],
            _ => throw Error("Invalid protocol"),
        };
        // The bound address and port are read and ignored.
        await ReadExactAsync(proxy, addressLength + 2, cancellationToken).ConfigureAwait(false);
    }

    private async Task AuthenticateAsync(Stream proxy, CancellationToken cancellationToken)
    {
        var user = Encoding.UTF8.GetBytes(User!);
        var password = Encoding.UTF8.GetBytes(Password ?? "");
        if (user.Length > 255 || password.Length > 255)
        {
            throw Error("Authentication failed");
        }
        var message = new byte[3 + user.Length + password.Length];
        message[0] = 1;
        message[1] = (byte)user.Length;
        user.CopyTo(message, 2);
        message[2 + user.Length] = (byte)password.Length;
        password.CopyTo(message, 3 + user.Length);
        await proxy.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        var status = await ReadExactAsync(proxy, 2, cancellationToken).ConfigureAwait(false);
        if (status[1] != 0)
        {
            throw Error("Authentication failed");
        }
    }

    private async Task<byte[]> BuildConnectRequestAsync(string host, int port, CancellationToken cancellationToken)
    {
        byte[] address;
        byte type;
        if (!IPAddress.TryParse(host, out var ip) && RemoteResolve)
        {
            var name = Encoding.ASCII.GetBytes(host);
            address = [(byte)name.Length, .. name];
            type = 3;
        }
        else
        {
            ip ??= (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new ImapConnectionException($"Can't resolve {host}");
            address = ip.GetAddressBytes();
            type = ip.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)4 : (byte)1;
        }
        var request = new byte[4 + address.Length + 2];
        request[0] = 5;
        request[1] = 1;
        request[3] = type;
        address.CopyTo(request, 4);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(4 + address.Length), (ushort)port);
        return request;
    }

    private static async Task<byte[]> ReadExactAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw new ImapConnectionException("SOCKSv5 ERROR: Invalid protocol (connection closed by the proxy)", ex);
        }
        return buffer;
    }

    private static string ReplyReason(byte code) => code switch
    {
        1 => "general failure",
        2 => "connection not allowed by ruleset",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => $"unknown reply {code}",
    };

    private static ImapConnectionException Error(string reason) => new($"SOCKSv5 ERROR: {reason}");
}
