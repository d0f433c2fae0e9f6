using System.Net.Sockets;

namespace Imap.Testing.Faults;

/// <summary>One client connection through a <see cref="FaultProxy"/>: two pumps, each with its own faults.</summary>
internal sealed class ProxiedConnection
{
    private readonly FaultProxy _owner;
    private readonly Socket _client;
    private readonly Socket _server = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IReadOnlyList<Fault> _faults;
    private readonly CancellationTokenSource _closing;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(1);
    private int _closed;
    private Task _drained = Task.CompletedTask;

    public ProxiedConnection(FaultProxy owner, Socket client, IReadOnlyList<Fault> faults, CancellationToken stopping)
    {
        _owner = owner;
        _client = client;
        _faults = faults;
        _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _client.NoDelay = true;
        _server.NoDelay = true;
    }

    /// <summary>Completes when both sides are closed.</summary>
    public Task Completion => _completion.Task;

    public async Task RunAsync(string host, int port)
    {
        try
        {
            await _server.ConnectAsync(host, port, _closing.Token);
            await Task.WhenAll(
                PumpAsync(_client, _server, FaultDirection.ClientToServer),
                PumpAsync(_server, _client, FaultDirection.ServerToClient));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ends; both sides are closed below.
        }
        finally
        {
            Close(reset: false);
            await _drained;
            _closing.Dispose();
            _completion.TrySetResult();
        }
    }

    /// <summary>
    /// Closes both sides once. With <paramref name="reset"/> both get an RST. Otherwise both get a FIN,
    /// and what they still send is read and dropped for a moment before the sockets are closed:
    /// closing a socket with unread input would make the kernel send an RST instead of the FIN.
    /// </summary>
    public void Close(bool reset, bool drain = true)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }

        if (reset)
        {
            _client.LingerState = new LingerOption(true, 0);
            _server.LingerState = new LingerOption(true, 0);
        }
        else if (drain)
        {
            _drained = Task.WhenAll(ShutdownAndDrainAsync(_client), ShutdownAndDrainAsync(_server));
            return;
        }

        _client.Dispose();
        _server.Dispose();
    }

    private static async Task ShutdownAndDrainAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(DrainTime);
            var sink = new byte[16 * 1024];
            while (await socket.ReceiveAsync(sink, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer reset, or kept the connection open: close it anyway.
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>
    /// Forwards one direction. A fault acts as soon as exactly its offset has been forwarded (offset 0:
    /// before the first byte), without waiting for more data to arrive.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, FaultDirection direction)
    {
        var pending = new Queue<Fault>(_faults.Where(f => f.Direction == direction).OrderBy(f => f.AfterBytes));
        var buffer = new byte[16 * 1024];
        long forwarded = 0;
        int offset = 0, read = 0;
        Fault? drip = null;
        LineRewriter? rewriter = null;
        var token = _closing.Token;
        while (true)
        {
            while (pending.TryPeek(out var due) && due.AfterBytes <= forwarded)
            {
                pending.Dequeue();
                _owner.CountTriggered();
                switch (due.Kind)
                {
                    case FaultKind.Cut:
                        Close(due.Reset);
                        return;
                    case FaultKind.Stall:
                        await Task.Delay(due.Duration ?? Timeout.InfiniteTimeSpan, token);
                        break;
                    case FaultKind.Drip:
                        drip = due;
                        break;
                    case FaultKind.Inject:
                        await SendAsync(to, due.Payload.ToArray(), direction, null, token);
                        if (due.CutAfterInjecting)
                        {
                            Close(reset: false);
                            return;
                        }

                        break;
                    case FaultKind.Rewrite:
                        rewriter = new LineRewriter(due.RewriteLine!, due.LastRewrittenLine);
                        break;
                }
            }

            if (offset == read)
            {
                offset = 0;
                read = await from.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0)
                {
                    if (rewriter?.Flush() is { Length: > 0 } rest)
                    {
                        await SendAsync(to, rest, direction, drip, token);
                    }

                    // Half-close: the other side sees EOF in this direction only, as without a proxy.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
            }

            var allowed = pending.TryPeek(out var next) ? (int)Math.Min(read - offset, next.AfterBytes - forwarded) : read - offset;
            var chunk = buffer.AsMemory(offset, allowed);
            await SendAsync(to, rewriter is null ? chunk : rewriter.Feed(chunk.Span), direction, drip, token);
            offset += allowed;
            forwarded += allowed;
        }
    }

    private async Task SendAsync(Socket to, ReadOnlyMemory<byte> data, FaultDirection direction, Fault? drip, CancellationToken token)
    {
        var step = drip?.ChunkSize ?? data.Length;
        for (var sent = 0; sent < data.Length;)
        {
            if (drip is not null)
            {
                await Task.Delay(drip.Duration!.Value, token);
            }

            var chunk = data.Slice(sent, Math.Min(step, data.Length - sent));
            while (chunk.Length > 0)
            {
                var n = await to.SendAsync(chunk, SocketFlags.None, token);
                _owner.CountForwarded(direction, n);
                chunk = chunk[n..];
                sent += n;
            }
        }
    }
}
