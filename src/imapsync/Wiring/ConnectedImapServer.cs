using System.Globalization;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using ImapSync.Cli.Output;

namespace ImapSync.Cli.Wiring;

/// <summary>
/// A logged-in server for the engine, plus, in <c>--notify</c> mode, a second connection that only
/// listens (<see cref="ImapChangeListener"/>: NOTIFY for every personal mailbox where offered, else
/// IDLE on INBOX). It is opened before the first sync, so a change made while a sync runs wakes the
/// next wait at once. Which of these it uses (or that it polls) is said once, at info level.
/// </summary>
internal sealed class ConnectedImapServer : IConnectedServer
{
    private readonly ImapClient _client;
    private readonly Func<Task<ImapClient>> _connectListener;
    private readonly Action<string> _info;
    private ImapChangeListener? _listener;
    private bool _listenerUnavailable;

    /// <param name="info">Logs an info line about this server.</param>
    public ConnectedImapServer(ImapClient client, IMailServer server, Func<Task<ImapClient>> connectListener, Action<string> info)
    {
        _client = client;
        Server = server;
        _connectListener = connectListener;
        _info = info;
    }

    public IMailServer Server { get; }

    public ServerTraffic Traffic => Of(_client.Connection.Traffic).Plus(_listener is null ? ServerTraffic.None : Of(_listener.Connection.Traffic));

    public async Task<IChangeListener?> ListenAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (_listener is not null || _listenerUnavailable)
        {
            return _listener;
        }

        var every = string.Create(CultureInfo.InvariantCulture, $"every {interval.TotalSeconds:0} s");
        // Asked of the connection already open, so a server that can report nothing costs no second login.
        _listener = _client.Capabilities.Idle ? await ImapChangeListener.StartAsync(await _connectListener(), cancellationToken) : null;
        _listenerUnavailable = _listener is null;
        _info(_listener?.Scope switch
        {
            null => $"the server offers neither NOTIFY nor IDLE: checking for changes {every}",
            ChangeListenerScope.EveryMailbox => "watching every mailbox with NOTIFY",
            _ => $"the server offers no NOTIFY (RFC 5465): watching INBOX with IDLE, other mailboxes {every}",
        });
        return _listener;
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

    private static ServerTraffic Of(ImapTraffic traffic) =>
        new(traffic.Read, traffic.Written, traffic.PlainRead, traffic.PlainWritten);
}
