using System.Net;
using System.Net.Sockets;

namespace Imap.Testing.Network;

/// <summary>Free TCP ports on 127.0.0.1, chosen by the OS (fixed ports collide on a shared host).</summary>
public static class FreePort
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct free ports: all are bound to port 0 at once (so the
    /// OS cannot hand out the same one twice), read, and released.
    /// </summary>
    public static int[] Take(int count)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return [.. sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}
