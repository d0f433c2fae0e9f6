using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Imap.Benchmarks.Protocol;

/// <summary>Loopback TCP proxy that holds every chunk for a fixed delay in each direction (a slow link).</summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public DelayingProxy(string host, int port, TimeSpan oneWayDelay)
    {
        _listener.Start();
        _accept = AcceptAsync(host, port, oneWayDelay);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync(string host, int port, TimeSpan delay)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var outbound = new TcpClient { NoDelay = true };
            await outbound.ConnectAsync(host, port);
            inbound.NoDelay = true;
            _ = Forward(inbound.GetStream(), outbound.GetStream(), delay);
            _ = Forward(outbound.GetStream(), inbound.GetStream(), delay);
        }
    }

    private static async Task Forward(NetworkStream from, NetworkStream to, TimeSpan delay)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data)>();
        var sender = Task.Run(async () =>
        {
            try
            {
                await foreach (var (due, data) in queue.Reader.ReadAllAsync())
                {
                    var wait = TimeSpan.FromTicks(Math.Max(0, due - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                    await to.WriteAsync(data);
                }
                to.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
        });
        var buffer = new byte[256 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer)) > 0)
            {
                queue.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), buffer[..n]));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
        queue.Writer.TryComplete();
        await sender;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        _stop.Dispose();
    }
}
