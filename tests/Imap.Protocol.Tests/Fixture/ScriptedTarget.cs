using System.Net;
using System.Net.Sockets;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>
/// A one-connection TCP server for the fault proxy tests: sends <c>toClient</c>, half-closes, and
/// records every byte it receives until EOF or an error.
/// </summary>
internal sealed class ScriptedTarget : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<byte[]> _received;

    public ScriptedTarget(byte[] toClient)
    {
        _listener.Start();
        _received = ServeAsync(toClient);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the target received on its connection.</summary>
    public Task<byte[]> Received => _received.WaitAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _received;
        }
        catch (SocketException)
        {
            // Never connected.
        }
    }

    /// <summary>Reads a socket to EOF; an error (RST) ends the data the same way but is reported.</summary>
    public static async Task<(byte[] Data, bool Reset)> ReadAllAsync(Socket socket)
    {
        using var data = new MemoryStream();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                data.Write(buffer, 0, n);
            }

            return (data.ToArray(), false);
        }
        catch (SocketException)
        {
            return (data.ToArray(), true);
        }
    }

    private async Task<byte[]> ServeAsync(byte[] toClient)
    {
        using var socket = await _listener.AcceptSocketAsync();
        var reading = ReadAllAsync(socket);
        try
        {
            await socket.SendAsync(toClient, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The proxy cut the connection while we were sending.
        }

        return (await reading).Data;
    }
}
