using Imap.Protocol.Commands;
namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// IDLE (RFC 2177) until <paramref name="stop"/> is cancelled, then DONE. Untagged responses
    /// meanwhile update <see cref="Selected"/> and raise <see cref="UntaggedResponse"/>. Runs alone.
    /// Every <see cref="ImapClientOptions.IdleRenewalInterval"/> the IDLE is ended with DONE and issued
    /// again, since servers may drop one after 30 minutes. After each DONE the reply is awaited under
    /// <see cref="ImapClientOptions.CommandTimeout"/>. Returns early when the server ends the IDLE itself.
    /// </summary>
    /// <param name="stop">Ends the IDLE (not an error).</param>
    /// <param name="cancellationToken">Cancels waiting for the final reply.</param>
    public async Task IdleAsync(CancellationToken stop, CancellationToken cancellationToken = default)
    {
        while (await IdleOnceAsync(stop, cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>One IDLE command; true when it was ended for renewal (not stopped, not ended by the server).</summary>
    private async Task<bool> IdleOnceAsync(CancellationToken stop, CancellationToken cancellationToken)
    {
        using var renew = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var reply = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new PendingCommand(Encode(SimpleCommand.Idle)) { NoTimeout = true };
        var renewing = false;
        try
        {
            await _connection.ExecuteAsync(pending, reply.Token, interact: async p =>
            {
                if (await p.WaitContinuationAsync(CancellationToken.None).ConfigureAwait(false) is null)
                {
                    return;
                }
                if (_options.IdleRenewalInterval is { } every && every > TimeSpan.Zero)
                {
                    renew.CancelAfter(every);
                }
                try
                {
                    await Task.WhenAny(Task.Delay(Timeout.Infinite, renew.Token), p.Completion).ConfigureAwait(false);
                }
                finally
                {
                    if (!p.IsCompleted)
                    {
                        renewing = !stop.IsCancellationRequested;
                        await _connection.WriteLineAsync("DONE").ConfigureAwait(false);
                        if (_options.CommandTimeout is { } limit)
                        {
                            reply.CancelAfter(limit);
                        }
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (reply.IsCancellationRequested && !cancellationToken.IsCancellationRequested && _options.CommandTimeout is { } limit)
        {
            // No reply to DONE: the connection is faulted like any command that timed out.
            throw _connection.TimedOut(pending, limit, new TimeoutException(ex.Message, ex));
        }
        return renewing;
    }

    /// <summary>
    /// NOTIFY SET with raw event specification (RFC 5465), e.g.
    /// <c>(SELECTED (MessageNew (UID FLAGS) MessageExpunge FlagChange)) (PERSONAL (MessageNew MessageExpunge))</c>;
    /// null sends NOTIFY NONE.
    /// </summary>
    /// <exception cref="ArgumentException">The specification holds a character outside printable ASCII (a line break would end the command); nothing is sent.</exception>
    public Task NotifyAsync(string? eventSpecification, CancellationToken cancellationToken = default)
    {
        var command = Encode(new NotifyCommand(eventSpecification));
        return _connection.ExecuteAsync(new PendingCommand(command), cancellationToken);
    }
}
