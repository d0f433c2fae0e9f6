using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

/// <summary>
/// A pipelined IMAP client for one connection. Commands may be issued concurrently: up to
/// <see cref="ImapClientOptions.PipelineDepth"/> are in flight and replies are matched by tag.
/// </summary>
/// <remarks>
/// <para>
/// Pipelining contract. Commands reach the wire in the order their methods were called (their tags
/// too), whatever thread calls and whether or not the caller awaits in between; a method has its
/// place once it returns its task (<see cref="FetchAsync"/> once enumeration starts). So
/// <c>SelectAsync(a)</c>, <c>FetchListAsync(…)</c>, <c>SelectAsync(b)</c> called without awaiting run
/// the FETCH in <c>a</c>, in one flight. SELECT, EXAMINE, UNSELECT and CLOSE take one slot like other
/// commands; STARTTLS, COMPRESS, AUTHENTICATE/LOGIN, ENABLE, NOTIFY, IDLE and LOGOUT run alone. A UID
/// STORE (or a UID FETCH of a body without .PEEK, which sets \Seen) is written only once the UID FETCH
/// and UID STORE commands in flight on any of its messages have completed, and holds the commands called
/// after it meanwhile: their untagged FETCH answers could not be told apart.
/// </para>
/// <para>
/// A FETCH response goes to every UID FETCH or UID STORE in flight that asked for an item it carries
/// and has not had it for that message yet, so a server running two FETCHes of one message in
/// parallel (Dovecot does) gives each its answer, whichever completes first.
/// </para>
/// <para>
/// Untagged data goes to the selection it belongs to: while a command called before a SELECT is in
/// flight, data is that earlier selection's, never the SELECT's; the SELECT gets data once every
/// earlier command has completed, and commands called after it once it has completed (the server
/// serializes around SELECT, RFC 3501 section 5.5). Each SELECT has its own
/// <see cref="SelectedMailbox"/> model, updated only with its selection's data; <see cref="Selected"/>
/// is the model of the selection being read now. A failed SELECT leaves no mailbox selected: the
/// commands called after it that need one fail with the server's NO or BAD.
/// </para>
/// </remarks>
public sealed partial class ImapClient : IAsyncDisposable
{
    private readonly ImapClientOptions _options;
    private readonly ImapTransport _transport;
    private readonly ImapConnection _connection;
    private readonly CancellationTokenSource _keepAliveStop = new();
    private readonly List<string> _greetingAlerts = [];
    private readonly HashSet<string> _enabled = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _awaitingLateGreeting; // from an [ALERT] greeting until the first reply
    private StatusResponse? _lateGreeting;
    private Task _keepAlive = Task.CompletedTask;

    private ImapClient(ImapClientOptions options, ImapTransport transport)
    {
        _options = options;
        _transport = transport;
        _connection = new ImapConnection(options, transport, OnUntaggedStatus, r => UntaggedResponse?.Invoke(this, r));
        Connection = new ImapConnectionInfo(transport);
    }

    /// <summary>Capabilities as last announced (refreshed after STARTTLS and authentication).</summary>
    public ImapCapabilities Capabilities
    {
        get => _connection.Capabilities;
        private set => _connection.Capabilities = value;
    }

    /// <summary>The connection state.</summary>
    public ImapConnectionState State
    {
        get => _connection.State;
        private set => _connection.State = value;
    }

    /// <summary>True when the greeting was PREAUTH.</summary>
    public bool IsPreAuthenticated { get; private set; }

    /// <summary>The greeting's text.</summary>
    public string GreetingText { get; private set; } = "";

    /// <summary>
    /// The model of the selection the read side is in: the mailbox whose data the responses being
    /// received now belong to, or null when none is selected. It changes when replies show the
    /// server changed mailbox, not when a SELECT is sent: after a pipelined
    /// <c>SELECT a; UID FETCH; SELECT b</c>, it is a's model until every reply before SELECT b's has
    /// been read. Once the connection is idle, it is the mailbox the last SELECT opened (null if it
    /// failed, or after UNSELECT/CLOSE). Each SELECT's own model is in its <see cref="SelectResult"/>.
    /// </summary>
    public SelectedMailbox? Selected => _connection.ReadSelection;

    /// <summary>Extensions enabled with ENABLE.</summary>
    public IReadOnlyCollection<string> Enabled => _enabled;

    /// <summary>The connection's TLS details, compression and traffic counters.</summary>
    public ImapConnectionInfo Connection { get; }

    /// <summary>The pipeline depth in use.</summary>
    public int PipelineDepth => _connection.PipelineDepth;

    /// <summary>
    /// Raised on the read loop for untagged responses no running command claimed (unsolicited FETCH,
    /// EXISTS, …). Handlers must be quick and must not throw: an exception ends the connection.
    /// </summary>
    public event EventHandler<ImapResponse>? UntaggedResponse;

    /// <summary>
    /// Told when the read loop starts and ends handing out a burst of responses (see
    /// <see cref="IReplyBurstObserver"/>); null (the default) for none. Takes effect from the next burst.
    /// </summary>
    public IReplyBurstObserver? ReplyBursts
    {
        get => _connection.ReplyBursts;
        set => _connection.ReplyBursts = value;
    }

    /// <summary>Raised with the text of each [ALERT] response after <see cref="ConnectAsync"/> returned.</summary>
    public event EventHandler<string>? Alert;

    /// <summary>
    /// The texts of [ALERT] responses received while connecting (with or before the greeting), when no
    /// <see cref="Alert"/> handler could be attached yet. The server wants a person to read them.
    /// </summary>
    public IReadOnlyList<string> GreetingAlerts => _greetingAlerts;

    private bool Utf8Enabled => _enabled.Contains("UTF8=ACCEPT");

    private string Host => _connection.Host;

    private ImapLiteralPolicy LiteralPolicy =>
        new(Capabilities.LiteralPlus, Capabilities.LiteralMinus, _options.SynchronizeBodiesAbove);

    private ImapCommandBuilder Command(string name, ReadOnlySpan<byte> verb) => new(name, verb, LiteralPolicy, Utf8Enabled);

    /// <summary>A typed command's bytes for this connection (its literal policy, UTF8=ACCEPT).</summary>
    private ImapCommand Encode(TypedCommand command) => command.Encode(new EncodingContext(LiteralPolicy, Utf8Enabled));

    /// <summary>
    /// An untagged status response, on the read loop. Courier may send its PREAUTH after an [ALERT]
    /// greeting: StartAsync checks and accepts it.
    /// </summary>
    private void OnUntaggedStatus(StatusResponse status)
    {
        if (status.Status == ImapStatus.PreAuth && _awaitingLateGreeting)
        {
            _lateGreeting = status;
        }
        else if (status.Code is { Kind: ResponseCodeKind.Alert })
        {
            if (_awaitingLateGreeting)
            {
                _greetingAlerts.Add(status.Text);
            }
            Alert?.Invoke(this, status.Text);
        }
    }

    /// <summary>Closes the connection without LOGOUT; commands in flight fail.</summary>
    public async ValueTask DisposeAsync()
    {
        await _keepAliveStop.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _keepAlive.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The keepalive loop ends by cancellation.
        }
        _keepAliveStop.Dispose();
    }
}
