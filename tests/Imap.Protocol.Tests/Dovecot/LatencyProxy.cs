using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>
/// A loopback TCP proxy that delays every chunk by a fixed time in each direction (simulating a
/// slow link) and logs when bytes reached the server and when they were delivered to the client.
/// </summary>
internal sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(char Direction, TimeSpan At, string Text)> _log = [];

    public LatencyProxy(string host, int port, TimeSpan delay)
    {
        _listener.Start();
        _accept = AcceptAsync(host, port, delay);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>'C' = bytes handed to the server, 'S' = bytes handed to the client, in order.</summary>
    public IReadOnlyList<(char Direction, TimeSpan At, string Text)> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    private async Task AcceptAsync(string host, int port, TimeSpan delay)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient { NoDelay = true };
            await server.ConnectAsync(host, port);
            client.NoDelay = true;
            _ = Pump(client.GetStream(), server.GetStream(), 'C', delay);
            _ = Pump(server.GetStream(), client.GetStream(), 'S', delay);
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to, char direction, TimeSpan delay)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var (due, data) in queue.Reader.ReadAllAsync())
                {
                    var wait = due - _clock.ElapsedTicks;
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                    }
                    lock (_log)
                    {
                        _log.Add((direction, _clock.Elapsed, Encoding.Latin1.GetString(data)));
                    }
                    await to.WriteAsync(data);
                }
            }
            catch (IOException)
            {
            }
            to.Socket.Shutdown(SocketShutdown.Send);
        });
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                queue.Writer.TryWrite((_clock.ElapsedTicks + (long)(delay.TotalSeconds * Stopwatch.Frequency), buffer[..n]));
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        queue.Writer.TryComplete();
        try
        {
            await writer;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        _stop.Dispose();
    }
}
