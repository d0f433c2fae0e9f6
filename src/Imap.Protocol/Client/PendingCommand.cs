using System.Threading.Channels;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Client;

/// <summary>
/// A command from the moment it asks to be sent until its tagged reply: the untagged responses it
/// claims, the "+" continuations meant for it, and the completion its caller awaits.
/// </summary>
internal sealed class PendingCommand
{
    // Completed on the read loop; the caller's continuation runs there too, saving a thread-pool hop
    // per command (measurable on a loaded machine). Callers must not block synchronously.
    private readonly TaskCompletionSource<StatusResponse> _completion = new(TaskCreationOptions.None);
    // Made on the first "+" or wait for one: most commands never see a continuation.
    private Channel<ContinuationResponse>? _continuations;

    public PendingCommand(ImapCommand command) => Command = command;

    public ImapCommand Command { get; }

    public string Tag { get; set; } = "";

    /// <summary>Called on the read loop for each untagged response; true means "mine, consumed".</summary>
    public Func<ImapResponse, bool>? Claim { get; init; }

    /// <summary>The FETCH data this command waits for (UID FETCH, UID STORE); null for other commands.</summary>
    public FetchInterest? Fetches { get; init; }

    /// <summary>
    /// For a SELECT/EXAMINE: takes, as <see cref="FetchedFlags"/>, the FETCH responses of UID, FLAGS and
    /// MODSEQ that the read loop reads as summaries while the SELECT is in flight (its QRESYNC changes);
    /// null when the SELECT takes them as <see cref="FetchResponse"/> through <see cref="Claim"/>.
    /// </summary>
    public Action<FetchedFlags>? ChangedFlags { get; init; }

    /// <summary>True when the command takes FETCH answers as <see cref="FetchedFlags"/>.</summary>
    public bool TakesFlags => ChangedFlags is not null || Fetches?.TakesFlags == true;

    /// <summary>Where FETCH bodies claimed by this command are streamed; null keeps them in memory.</summary>
    public IFetchBodySinkProvider? BodySinks { get; init; }

    /// <summary>
    /// The messages of the selected mailbox the command reads or changes, as it declares: it is not sent
    /// while a command in flight in the same mailbox changes a message it uses, or uses one it changes.
    /// </summary>
    public MessageAccess? Access => Command.Pipelining.Messages;

    /// <summary>Runs alone: no other command in flight before or during it.</summary>
    public bool IsBarrier => Command.Pipelining.RunsAlone;

    /// <summary>
    /// SELECT, EXAMINE, UNSELECT or CLOSE: starts a new selection epoch. Takes one slot like other
    /// commands (the server serializes around it, RFC 3501 section 5.5); the read loop gives it the
    /// untagged data only once every command written before it has completed.
    /// </summary>
    public bool ChangesSelection => Command.Pipelining.ChangesSelection;

    /// <summary>The mailbox model a SELECT/EXAMINE opens; null for UNSELECT and CLOSE.</summary>
    public SelectedMailbox? Selects { get; init; }

    /// <summary>The selection epoch the command was written in (set when it is written).</summary>
    public SelectionEpoch Epoch { get; set; } = null!;

    /// <summary>For a selection change, the epoch it ends.</summary>
    public SelectionEpoch? Previous { get; set; }

    /// <summary>The read loop stops after this command's OK so the transport can be upgraded (STARTTLS, COMPRESS).</summary>
    public bool StopsReading => Command.Pipelining.StopsReading;

    /// <summary>Exempt from the per-command timeout (IDLE).</summary>
    public bool NoTimeout { get; init; }

    /// <summary>Pipeline slots held, released when the command completes.</summary>
    public int Slots { get; set; }

    /// <summary>True once the whole command has been written.</summary>
    public bool Sent { get; set; }

    public Task<StatusResponse> Completion => _completion.Task;

    private Channel<ContinuationResponse> Continuations => LazyInitializer.EnsureInitialized(ref _continuations,
        static () => Channel.CreateUnbounded<ContinuationResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }));

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Complete(StatusResponse response) => _completion.TrySetResult(response);

    public void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        Volatile.Read(ref _continuations)?.Writer.TryComplete(); // one made later is never read: its waiter sees the failure
    }

    public void Continue(ContinuationResponse response) => Continuations.Writer.TryWrite(response);

    /// <summary>The next "+" for this command, or null when the tagged reply came first.</summary>
    public async Task<ContinuationResponse?> WaitContinuationAsync(CancellationToken cancellationToken)
    {
        var read = Continuations.Reader.ReadAsync(cancellationToken).AsTask();
        var first = await Task.WhenAny(read, Completion).ConfigureAwait(false);
        if (first != read)
        {
            return null;
        }
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }
}
