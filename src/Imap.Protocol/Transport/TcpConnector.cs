using System.Net;
using System.Net.Sockets;

namespace Imap.Protocol.Transport;

/// <summary>Opens a TCP socket, trying each resolved address in order like InterIMAP (no Happy Eyeballs).</summary>
internal static class TcpConnector
{
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan? keepAlive, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await ResolveAsync(host, port, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
                if (keepAlive is { } idle)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Math.Max(1, (int)idle.TotalSeconds));
                }
                return socket;
            }
            catch (SocketException ex)
            {
                last = ex;
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new ImapConnectionException($"Can't connect to {host}:{port}: {last?.Message ?? "no address"}", last!);
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new ImapConnectionException($"Can't connect to {host}:{port}: {ex.Message}", ex);
        }
    }
}
