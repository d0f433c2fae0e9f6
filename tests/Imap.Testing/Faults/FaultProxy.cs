using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Imap.Testing.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 (free port) in front of a server, that injects faults at exact byte
/// offsets: cut (FIN or RST), stall, drip, garbage, rewritten lines (these only on plaintext). It works below TLS and COMPRESS, so offsets
/// count bytes on the wire. <see cref="Faults"/> apply to every connection accepted after they are
/// set (each connection counts its own bytes); set an empty list for a clean run.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, ProxiedConnection> _live = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _triggered;
    private long _bytesToServer;
    private long _bytesToClient;

    private FaultProxy(string targetHost, int targetPort, IReadOnlyList<Fault> faults)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Faults = faults;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The port clients connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Faults for connections accepted from now on.</summary>
    public IReadOnlyList<Fault> Faults { get; set; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>How many faults have acted so far (a fault whose offset is never reached does not count).</summary>
    public int TriggeredCount => Volatile.Read(ref _triggered);

    /// <summary>Bytes forwarded to the server over all connections (injected bytes included).</summary>
    public long BytesToServer => Interlocked.Read(ref _bytesToServer);

    /// <summary>Bytes forwarded to the client over all connections (injected bytes included).</summary>
    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>Starts a proxy to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static FaultProxy Start(string targetHost, int targetPort, params IReadOnlyList<Fault> faults) =>
        new(targetHost, targetPort, faults);

    /// <summary>Closes every live connection now (both sides get a FIN).</summary>
    public void CutAll()
    {
        foreach (var connection in _live.Values)
        {
            connection.Close(reset: false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var connection in _live.Values)
        {
            connection.Close(reset: false, drain: false);
        }

        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await Task.WhenAll(_live.Values.Select(c => c.Completion));
        _stopping.Dispose();
    }

    internal void CountForwarded(FaultDirection direction, int count) =>
        Interlocked.Add(ref direction == FaultDirection.ClientToServer ? ref _bytesToServer : ref _bytesToClient, count);

    internal void CountTriggered() => Interlocked.Increment(ref _triggered);

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connections);
            var connection = new ProxiedConnection(this, client, Faults, _stopping.Token);
            _live[id] = connection;
            _ = connection.RunAsync(_targetHost, _targetPort).ContinueWith(
                _ => _live.TryRemove(id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
