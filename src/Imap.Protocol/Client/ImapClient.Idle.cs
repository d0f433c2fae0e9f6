namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// IDLE (RFC 2177) until <paramref name="stop"/> is cancelled, then DONE. Untagged responses
    /// meanwhile update <see cref="Selected"/> and raise <see cref="UntaggedResponse"/>. Runs alone.
    /// RFC 2177 servers may drop an IDLE after 30 minutes: stop and call again before that.
    /// </summary>
    /// <param name="stop">Ends the IDLE (not an error).</param>
    /// <param name="cancellationToken">Cancels waiting for the final reply.</param>
    public async Task IdleAsync(CancellationToken stop, CancellationToken cancellationToken = default)
    {
        var pending = new PendingCommand(Command("IDLE", "IDLE"u8).Build()) { IsBarrier = true, NoTimeout = true };
        await ExecuteAsync(pending, cancellationToken, interact: async p =>
        {
            if (await p.WaitContinuationAsync(CancellationToken.None).ConfigureAwait(false) is null)
            {
                return;
            }
            try
            {
                await Task.WhenAny(Task.Delay(Timeout.Infinite, stop), p.Completion).ConfigureAwait(false);
            }
            finally
            {
                if (!p.IsCompleted)
                {
                    await WriteLineAsync("DONE").ConfigureAwait(false);
                    await _writer.FlushAsync().ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// NOTIFY SET with raw event specification (RFC 5465), e.g.
    /// <c>(SELECTED (MessageNew (UID FLAGS) MessageExpunge FlagChange)) (PERSONAL (MessageNew MessageExpunge))</c>;
    /// null sends NOTIFY NONE.
    /// </summary>
    public Task NotifyAsync(string? eventSpecification, CancellationToken cancellationToken = default)
    {
        var builder = eventSpecification is null
            ? Command("NOTIFY", "NOTIFY NONE"u8)
            : Command("NOTIFY", "NOTIFY SET "u8).Ascii(eventSpecification);
        return ExecuteAsync(new PendingCommand(builder.Build()) { IsBarrier = true }, cancellationToken);
    }
}
