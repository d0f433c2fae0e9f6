using System.Globalization;
using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Sync.Ports;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// A logged-in server for the engine, plus, in <c>--notify</c> mode, a second connection that only
/// listens: NOTIFY (RFC 5465) for every personal mailbox where offered, else IDLE on INBOX. Keeping
/// the listener apart leaves the engine's connection and its selected mailbox untouched. It starts
/// before the first sync and counts what it hears while a sync runs, so a change made after the sync
/// looked wakes the next wait at once. Which of these it uses (or that it polls) is said once, at info level.
/// </summary>
internal sealed class ConnectedImapServer : IConnectedServer
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private const string NotifyEvents = "(PERSONAL (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))";

    private readonly ImapClient _client;
    private readonly Func<Task<ImapClient>> _connectListener;
    private readonly Action<string> _info;
    private ImapClient? _listener;
    private bool _listenerUnavailable;
    private int _reported; // untagged responses on the listener since the last BeforeSyncAsync

    /// <param name="info">Logs an info line about this server.</param>
    public ConnectedImapServer(ImapClient client, IMailServer server, Func<Task<ImapClient>> connectListener, Action<string> info)
    {
        _client = client;
        Server = server;
        _connectListener = connectListener;
        _info = info;
    }

    public IMailServer Server { get; }

    public ServerTraffic Traffic => Of(_client).Plus(_listener is null ? ServerTraffic.None : Of(_listener));

    public async Task BeforeSyncAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        await ListenerAsync(interval, cancellationToken);
        Interlocked.Exchange(ref _reported, 0); // the sync about to run covers what was reported so far
    }

    public async Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var listener = await ListenerAsync(timeout, cancellationToken);
        if (listener is null)
        {
            return false;
        }

        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnUntagged(object? sender, ImapResponse response)
        {
            if (IsChange(response))
            {
                changed.TrySetResult();
            }
        }

        listener.UntaggedResponse += OnUntagged;
        try
        {
            if (Volatile.Read(ref _reported) > 0)
            {
                return true; // reported while the sync ran, after it had looked
            }

            using var endIdle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            endIdle.CancelAfter(timeout);

            // Once DONE is sent the server's OK is still awaited (so the next IDLE starts clean), but
            // not forever: a dead connection then fails and the watch loop reconnects.
            using var replyDeadline = new CancellationTokenSource();
            using var armDeadline = endIdle.Token.Register(() => replyDeadline.CancelAfter(ReplyTimeout));
            var idle = listener.IdleAsync(endIdle.Token, replyDeadline.Token);
            await Task.WhenAny(changed.Task, idle);
            await endIdle.CancelAsync();
            try
            {
                await idle;
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
            listener.UntaggedResponse -= OnUntagged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _client.DisposeAsync();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
    }

    // A bare "* OK" (Dovecot's "Still here" every 2 minutes of IDLE) keeps the connection alive; it is not a change.
    private static bool IsChange(ImapResponse response) => response is not StatusResponse { Status: ImapStatus.Ok, Code: null };

    private static ServerTraffic Of(ImapClient client)
    {
        var (read, written, plainRead, plainWritten) = client.Connection.Traffic;
        return new ServerTraffic(read, written, plainRead, plainWritten);
    }

    private async Task<ImapClient?> ListenerAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (_listener is not null || _listenerUnavailable)
        {
            return _listener;
        }

        var every = string.Create(CultureInfo.InvariantCulture, $"every {interval.TotalSeconds:0} s");
        if (!_client.Capabilities.Idle)
        {
            _listenerUnavailable = true; // neither NOTIFY (which needs IDLE here) nor IDLE: the caller polls
            _info($"the server offers neither NOTIFY nor IDLE: checking for changes {every}");
            return null;
        }

        var listener = await _connectListener();
        try
        {
            if (listener.Capabilities.Notify)
            {
                await listener.NotifyAsync(NotifyEvents, cancellationToken);
                _info("watching every mailbox with NOTIFY");
            }
            else
            {
                await listener.SelectAsync(new MailboxName("INBOX"), new SelectOptions { ReadOnly = true }, cancellationToken);
                _info($"the server offers no NOTIFY (RFC 5465): watching INBOX with IDLE, other mailboxes {every}");
            }
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }

        listener.UntaggedResponse += (_, response) =>
        {
            if (IsChange(response))
            {
                Interlocked.Increment(ref _reported);
            }
        };
        _listener = listener;
        return listener;
    }
}
