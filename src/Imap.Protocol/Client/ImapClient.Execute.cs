using System.Buffers;
using System.Globalization;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// Sends a command when the pipeline has room and waits for its tagged reply. Writing is never
    /// cancelled half-way (a partial command would break the connection); the caller's token
    /// cancels waiting.
    /// </summary>
    /// <param name="pending">The command.</param>
    /// <param name="cancellationToken">Cancels waiting for room or for the reply.</param>
    /// <param name="throwOnNo">Throw <see cref="ImapCommandException"/> on NO/BAD.</param>
    /// <param name="interact">Runs after the command is written, holding the write side (AUTHENTICATE, IDLE).</param>
    private async Task<StatusResponse> ExecuteAsync(
        PendingCommand pending,
        CancellationToken cancellationToken,
        bool throwOnNo = true,
        Func<PendingCommand, Task>? interact = null)
    {
        ThrowIfFaulted(pending.Command.Name);
        var (turn, entering) = TakeTurn(pending, cancellationToken);
        var registered = false;
        try
        {
            pending.Slots = await entering.ConfigureAwait(false);
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            await WaitForConflictsAsync(pending, cancellationToken).ConfigureAwait(false);
            ThrowIfFaulted(pending.Command.Name);
            Register(pending);
            registered = true;
            await WriteCommandAsync(pending).ConfigureAwait(false);
            if (interact is not null)
            {
                await InteractAsync(pending, interact).ConfigureAwait(false);
            }
        }
        catch when (!registered)
        {
            _gate.Exit(pending.Slots);
            throw;
        }
        finally
        {
            lock (_sync)
            {
                if (_continuationOwner == pending)
                {
                    _continuationOwner = null;
                }
            }
            turn.Pass();
        }
        var response = await WaitForReplyAsync(pending, cancellationToken).ConfigureAwait(false);
        if (throwOnNo && response.Status != ImapStatus.Ok)
        {
            throw new ImapCommandException(pending.Command.Name, response);
        }
        return response;
    }

    /// <summary>
    /// Takes the command's place in the write order and in the queue for pipeline slots at once, so
    /// both follow the order in which the client's methods were called, whatever the threads.
    /// </summary>
    private (WriteTurn Turn, Task<int> Slots) TakeTurn(PendingCommand pending, CancellationToken cancellationToken)
    {
        lock (_callOrder)
        {
            var turn = _lastTurn = _lastTurn.Next();
            try
            {
                return (turn, _gate.EnterAsync(pending.IsBarrier, cancellationToken));
            }
            catch
            {
                turn.Pass();
                throw;
            }
        }
    }

    /// <summary>
    /// Gives the command its tag and its selection epoch. Runs in write order, so tags and epochs
    /// follow the order the commands reach the server.
    /// </summary>
    private void Register(PendingCommand pending)
    {
        pending.Tag = NextTag();
        lock (_sync)
        {
            if (pending.ChangesSelection)
            {
                pending.Previous = _writtenEpoch;
                _writtenEpoch = new SelectionEpoch(_writtenEpoch.Number + 1, pending.Selects);
            }
            pending.Epoch = _writtenEpoch;
            _byTag.Add(pending.Tag, pending);
            _inFlight.Add(pending);
            _continuationOwner = pending;
        }
        _lastSend = Environment.TickCount64;
    }

    private async Task WriteCommandAsync(PendingCommand pending)
    {
        var command = pending.Command;
        try
        {
            for (var i = 0; i < command.Segments.Count; i++)
            {
                var segment = command.Segments[i];
                if (i == 0)
                {
                    ImapWireTag(pending.Tag);
                }
                _writer.Write(segment.Line.Span);
                _trace?.ClientSegment(pending.Tag, command, i);
                if (segment.Literal is null)
                {
                    continue;
                }
                if (segment.Synchronizing)
                {
                    await _writer.FlushAsync().ConfigureAwait(false);
                    if (await pending.WaitContinuationAsync(CancellationToken.None).ConfigureAwait(false) is null)
                    {
                        // Refused (e.g. NO [TOOBIG]) or connection lost: the rest is never sent.
                        return;
                    }
                }
                await segment.Literal.WriteToAsync(_writer, CancellationToken.None).ConfigureAwait(false);
            }
            await _writer.FlushAsync().ConfigureAwait(false);
            pending.Sent = true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Fault(new ImapConnectionException($"Connection to {Host} lost while writing {command.Name} (tag {pending.Tag}): {ex.Message}", ex));
        }
    }

    private void ImapWireTag(string tag)
    {
        var span = _writer.GetSpan(tag.Length + 1);
        for (var i = 0; i < tag.Length; i++)
        {
            span[i] = (byte)tag[i];
        }
        span[tag.Length] = (byte)' ';
        _writer.Advance(tag.Length + 1);
    }

    /// <summary>Writes one line (SASL answer, DONE) for the command holding the write side.</summary>
    private async Task WriteLineAsync(string text, bool traced = true)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\r\n");
        if (traced)
        {
            _trace?.ClientContinuation(text);
        }
        try
        {
            await _writer.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Fault(new ImapConnectionException($"Connection to {Host} lost while writing: {ex.Message}", ex));
        }
    }

    private async Task<StatusResponse> WaitForReplyAsync(PendingCommand pending, CancellationToken cancellationToken)
    {
        var timeout = pending.NoTimeout ? null : _options.CommandTimeout;
        if (timeout is null)
        {
            return await pending.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await pending.Completion.WaitAsync(timeout.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw TimedOut(pending, timeout.Value, ex);
        }
    }

    /// <summary>
    /// Runs a command's exchange of continuations (AUTHENTICATE) under the command timeout too: a server
    /// that goes silent before its first "+" or its tagged reply must not hang the caller forever.
    /// </summary>
    private async Task InteractAsync(PendingCommand pending, Func<PendingCommand, Task> interact)
    {
        var timeout = pending.NoTimeout ? null : _options.CommandTimeout;
        var interaction = interact(pending);
        if (timeout is null)
        {
            await interaction.ConfigureAwait(false);
            return;
        }
        try
        {
            await interaction.WaitAsync(timeout.Value).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw TimedOut(pending, timeout.Value, ex);
        }
    }

    /// <summary>Faults the connection with a timeout naming the command and state, and returns the error to throw.</summary>
    private ImapTimeoutException TimedOut(PendingCommand pending, TimeSpan timeout, TimeoutException cause)
    {
        var error = new ImapTimeoutException(string.Create(CultureInfo.InvariantCulture,
            $"Timed out after {timeout.TotalSeconds:0.#} s waiting for the reply to {pending.Command.Name} (tag {pending.Tag}) from {Host}; state {DescribeState()}"), cause);
        Fault(error);
        return error;
    }

    private void ThrowIfFaulted(string command)
    {
        var fault = _fault;
        if (fault is not null)
        {
            throw new ImapConnectionException($"Cannot send {command}: {fault.Message}", fault);
        }
    }

    /// <summary>Marks the connection dead and fails every command in flight with a message naming it.</summary>
    private void Fault(Exception reason)
    {
        PendingCommand[] pending;
        lock (_sync)
        {
            if (_fault is not null)
            {
                return;
            }
            _fault = reason;
            pending = [.. _inFlight];
            _inFlight.Clear();
            _byTag.Clear();
            _continuationOwner = null;
        }
        var state = DescribeState();
        State = ImapConnectionState.Closed;
        foreach (var command in pending)
        {
            var doing = command.Sent ? "waiting for the reply to" : "sending";
            command.Fail(reason is ImapTimeoutException or ObjectDisposedException
                ? reason
                : new ImapConnectionException($"{reason.Message} ({doing} {command.Command.Name}, tag {command.Tag}; state {state})", reason));
            _gate.Exit(command.Slots);
        }
    }
}
