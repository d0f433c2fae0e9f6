using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

/// <summary>
/// The engine under <see cref="ImapClient"/>: one connection's pipes, write order and pipeline slots,
/// the read loop that completes commands and routes untagged data (<see cref="InFlightCommands"/>), and
/// the fault that fails every command when the connection is lost. It knows no IMAP command but the
/// framing of the ones it is given; the client builds them and reads their results.
/// </summary>
internal sealed partial class ImapConnection : IAsyncDisposable
{
    private readonly ImapClientOptions _options;
    private readonly ImapTransport _transport;
    private readonly PipelineGate _gate;
    private readonly Lock _callOrder = new(); // a command takes its write turn and its queue place at once
    private readonly InFlightCommands _commands = new();
    private readonly BodySinkRouter _router;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Action<StatusResponse> _untaggedStatus;
    private readonly Action<ImapResponse> _unclaimed;
    private PipeReader _reader = null!;
    private PipeWriter _writer = null!;
    private ImapResponseSource _source = null!;
    private Task _readLoop = Task.CompletedTask;
    private WriteTurn _lastTurn = WriteTurn.Over();
    private Exception? _fault;
    private string? _byeText;
    private bool _utf8MailboxNames;

    /// <param name="options">The client's options.</param>
    /// <param name="transport">The connected transport; disposed with the connection.</param>
    /// <param name="untaggedStatus">Called on the read loop with each untagged status response (alerts, a late PREAUTH).</param>
    /// <param name="unclaimed">Called on the read loop with each untagged response no command claimed.</param>
    public ImapConnection(ImapClientOptions options, ImapTransport transport, Action<StatusResponse> untaggedStatus, Action<ImapResponse> unclaimed)
    {
        _options = options;
        _transport = transport;
        _untaggedStatus = untaggedStatus;
        _unclaimed = unclaimed;
        _gate = new PipelineGate(Math.Max(1, options.PipelineDepth));
        Trace = options.Trace is null ? null : new ProtocolTrace(options.Trace, options.TraceCredentials);
        _router = new BodySinkRouter(_commands);
    }

    /// <summary>Told of each burst of responses the read loop hands out (see <see cref="IReplyBurstObserver"/>).</summary>
    public IReplyBurstObserver? ReplyBursts
    {
        get => Volatile.Read(ref _replyBursts);
        set => Volatile.Write(ref _replyBursts, value);
    }

    private IReplyBurstObserver? _replyBursts;

    /// <summary>The protocol trace, or null when none was asked for.</summary>
    public ProtocolTrace? Trace { get; }

    /// <summary>Capabilities as last announced (by the greeting, a CAPABILITY response or a response code).</summary>
    public ImapCapabilities Capabilities { get; set; } = ImapCapabilities.Empty;

    /// <summary>The connection state; the read loop keeps it in step with selection changes and faults.</summary>
    public ImapConnectionState State { get; set; } = ImapConnectionState.NotAuthenticated;

    /// <summary>The pipeline depth in use.</summary>
    public int PipelineDepth => _gate.Depth;

    /// <summary>The model of the selection the read side is in.</summary>
    public SelectedMailbox? ReadSelection => _commands.ReadSelection;

    /// <summary>The mailbox the next command written will run in.</summary>
    public SelectedMailbox? WrittenSelection => _commands.WrittenSelection;

    /// <summary>True while a command is in flight.</summary>
    public bool IsBusy => _commands.IsBusy;

    /// <summary>True once the connection is lost (or disposed).</summary>
    public bool IsFaulted => _fault is not null;

    /// <summary>When the last command was registered for writing (<see cref="Environment.TickCount64"/>).</summary>
    public long LastSend { get; private set; } = Environment.TickCount64;

    /// <summary>Lets the parser take mailbox names as UTF-8 (after ENABLE UTF8=ACCEPT).</summary>
    public bool Utf8MailboxNames
    {
        get => _utf8MailboxNames;
        set
        {
            _utf8MailboxNames = value;
            if (_source is not null)
            {
                _source.Utf8MailboxNames = value;
            }
        }
    }

    /// <summary>The server as named in errors: the options' name and host (or "tunnel").</summary>
    public string Host
    {
        get
        {
            var where = _options.Transport.TunnelCommand is null ? _options.Transport.Host : "tunnel";
            return _options.Name is { } name ? $"{name} ({where})" : where;
        }
    }

    /// <summary>Attaches the pipes and reads the greeting, before the read loop runs.</summary>
    public ValueTask<ImapResponse?> ReadGreetingAsync(CancellationToken cancellationToken)
    {
        AttachPipes();
        return _source.ReadAsync(cancellationToken);
    }

    /// <summary>Starts the read loop (after the greeting, or after a transport upgrade).</summary>
    public void StartReadLoop() => _readLoop = Task.Run(ReadLoopAsync);

    /// <summary>
    /// After a command whose OK stopped the read loop (STARTTLS, COMPRESS): detaches the pipes, lets
    /// <paramref name="upgrade"/> change the transport with the bytes already read past the OK, then
    /// reads on over the new stream.
    /// </summary>
    public async Task UpgradeAsync(Func<byte[], Task> upgrade)
    {
        await _readLoop.ConfigureAwait(false);
        byte[] leftover = [];
        if (_reader.TryRead(out var result))
        {
            leftover = result.Buffer.ToArray();
            _reader.AdvanceTo(result.Buffer.End);
        }
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
        await upgrade(leftover).ConfigureAwait(false);
        AttachPipes();
        StartReadLoop();
    }

    /// <summary>After LOGOUT: no mailbox is selected any more, and the transport is closed.</summary>
    public async Task CloseAsync()
    {
        State = ImapConnectionState.Closed;
        _commands.ForgetSelection();
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The state for error messages: "selected INBOX", "Authenticated", ….</summary>
    public string DescribeState() => State switch
    {
        ImapConnectionState.Selected => $"selected {ReadSelection?.Name}",
        _ => State.ToString(),
    };

    /// <summary>Throws when the connection is lost, naming the command that cannot be sent.</summary>
    public void ThrowIfFaulted(string command)
    {
        var fault = _fault;
        if (fault is not null)
        {
            throw new ImapConnectionException($"Cannot send {command}: {fault.Message}", fault);
        }
    }

    /// <summary>Faults the connection with a timeout naming the command and state, and returns the error to throw.</summary>
    public ImapTimeoutException TimedOut(PendingCommand pending, TimeSpan timeout, TimeoutException cause)
    {
        var error = new ImapTimeoutException(string.Create(CultureInfo.InvariantCulture,
            $"Timed out after {timeout.TotalSeconds:0.#} s waiting for the reply to {pending.Command.Name} (tag {pending.Tag}) from {Host}; state {DescribeState()}"), cause);
        Fault(error);
        return error;
    }

    /// <summary>Closes the connection without LOGOUT; commands in flight fail.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        Fault(new ObjectDisposedException(nameof(ImapClient), "The client was disposed."));
        await _transport.DisposeAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private void AttachPipes()
    {
        var stream = _transport.Stream;
        Stream readSide = Trace is null ? stream : new TracingReadStream(stream, Trace);
        _reader = PipeReader.Create(readSide, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _source = new ImapResponseSource(_reader, _options.Limits, _options.Quirks)
        {
            BodySinks = _router,
            Utf8MailboxNames = _utf8MailboxNames,
            ReadFlagSummaries = () => _commands.AnyTakesFlags,
        };
    }

    /// <summary>Marks the connection dead and fails every command in flight with a message naming it.</summary>
    private void Fault(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _fault, reason, null) is not null)
        {
            return;
        }
        var pending = _commands.RemoveAll();
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
