using System.Buffers;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

internal sealed partial class ImapConnection
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
    public async Task<StatusResponse> ExecuteAsync(
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
            registered = _commands.Register(pending);
            if (!registered)
            {
                ThrowIfFaulted(pending.Command.Name); // lost meanwhile: the table takes no more commands
            }
            LastSend = Environment.TickCount64;
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
            _commands.EndWriting(pending);
            turn.Pass();
        }
        var response = await WaitForReplyAsync(pending, cancellationToken).ConfigureAwait(false);
        if (throwOnNo && response.Status != ImapStatus.Ok)
        {
            throw new ImapCommandException(pending.Command.Name, response);
        }
        return response;
    }

    /// <summary>Writes one line (SASL answer, DONE) for the command holding the write side, and flushes it.</summary>
    public async Task WriteLineAsync(string text, bool traced = true)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\r\n");
        if (traced)
        {
            Trace?.ClientContinuation(text);
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
    /// Holds a command that has its write turn until no command in flight conflicts with it: one in the
    /// same selection using its messages (<see cref="MessageAccess.ConflictsWith"/>), or one taking the
    /// same untagged answers (<see cref="UntaggedAnswers.ConflictsWith"/>). It keeps the turn while it
    /// waits, so the commands called after it wait too and the wire order stays the call order.
    /// </summary>
    private async Task WaitForConflictsAsync(PendingCommand pending, CancellationToken cancellationToken)
    {
        var declared = pending.Command.Pipelining;
        if (declared.Messages is null && declared.Answers.Kinds == UntaggedAnswerKinds.None)
        {
            return;
        }
        var conflicting = _commands.Conflicting(declared);
        if (conflicting.Length == 0)
        {
            return;
        }
        // Their failures are their callers' to see; a lost connection fails this command next.
        await Task.WhenAll(conflicting).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
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
                    WriteTag(pending.Tag);
                }
                _writer.Write(segment.Line.Span);
                Trace?.ClientSegment(pending.Tag, command, i);
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

    private void WriteTag(string tag)
    {
        var span = _writer.GetSpan(tag.Length + 1);
        for (var i = 0; i < tag.Length; i++)
        {
            span[i] = (byte)tag[i];
        }
        span[tag.Length] = (byte)' ';
        _writer.Advance(tag.Length + 1);
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
}
