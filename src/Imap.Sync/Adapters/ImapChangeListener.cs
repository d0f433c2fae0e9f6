using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>
/// An <see cref="IChangeListener"/> over a connection of its own: NOTIFY (RFC 5465) for every personal
/// mailbox where the server offers it, else IDLE on INBOX, opened read-only. Every untagged response
/// but a bare keepalive (<c>* OK</c>, Dovecot's "Still here") counts as a change.
/// </summary>
public sealed class ImapChangeListener : IChangeListener
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private const string NotifyEvents = "(PERSONAL (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))";

    private readonly ImapClient _client;
    private int _heard; // changes reported since the last Forget

    private ImapChangeListener(ImapClient client, ChangeListenerScope scope)
    {
        _client = client;
        Scope = scope;
        client.UntaggedResponse += (_, response) =>
        {
            if (IsChange(response))
            {
                Interlocked.Increment(ref _heard);
            }
        };
    }

    /// <inheritdoc/>
    public ChangeListenerScope Scope { get; }

    /// <summary>The listening connection's transport facts (bytes exchanged, TLS, compression).</summary>
    public ImapConnectionInfo Connection => _client.Connection;

    /// <summary>
    /// Starts listening on <paramref name="connection"/> (logged in, used for nothing else), which the
    /// listener then owns. Null when the server offers neither NOTIFY nor IDLE (NOTIFY needs IDLE here):
    /// the connection is then closed, and the caller polls.
    /// </summary>
    public static async Task<ImapChangeListener?> StartAsync(ImapClient connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            if (!connection.Capabilities.Idle)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            if (connection.Capabilities.Notify)
            {
                await connection.NotifyAsync(NotifyEvents, cancellationToken).ConfigureAwait(false);
                return new ImapChangeListener(connection, ChangeListenerScope.EveryMailbox);
            }

            await connection.SelectAsync(new MailboxName("INBOX"), new SelectOptions { ReadOnly = true }, cancellationToken).ConfigureAwait(false);
            return new ImapChangeListener(connection, ChangeListenerScope.Inbox);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Forget() => Interlocked.Exchange(ref _heard, 0);

    /// <inheritdoc/>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnUntagged(object? sender, ImapResponse response)
        {
            if (IsChange(response))
            {
                changed.TrySetResult();
            }
        }

        _client.UntaggedResponse += OnUntagged;
        try
        {
            if (Volatile.Read(ref _heard) > 0)
            {
                return true; // reported while a run was in progress, after it had looked
            }

            using var endIdle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            endIdle.CancelAfter(timeout);

            // Once DONE is sent the server's OK is still awaited (so the next IDLE starts clean), but
            // not forever: a dead connection then fails and the caller opens a new listener.
            using var replyDeadline = new CancellationTokenSource();
            using var armDeadline = endIdle.Token.Register(() => replyDeadline.CancelAfter(ReplyTimeout));
            var idle = _client.IdleAsync(endIdle.Token, replyDeadline.Token);
            await Task.WhenAny(changed.Task, idle).ConfigureAwait(false);
            await endIdle.CancelAsync().ConfigureAwait(false);
            try
            {
                await idle.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (replyDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no reply to IDLE's DONE within {ReplyTimeout.TotalSeconds:0} s");
            }

            cancellationToken.ThrowIfCancellationRequested();
            return changed.Task.IsCompleted;
        }
        finally
        {
            _client.UntaggedResponse -= OnUntagged;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static bool IsChange(ImapResponse response) => response is not StatusResponse { Status: ImapStatus.Ok, Code: null };
}
