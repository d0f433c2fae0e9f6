using System.Globalization;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Client;

/// <summary>
/// The commands written and not yet completed, and which of them each response belongs to: tags,
/// selection epochs, the owner of "+" continuations, and the routing of untagged data and streamed
/// bodies. Every member is safe to call from the read loop and from writers at once (one lock).
/// </summary>
/// <remarks>
/// Which selection untagged data belongs to: the server runs a SELECT only after every command sent
/// before it has completed, and the commands sent after it only once it has (RFC 3501 section 5.5;
/// Dovecot, Cyrus and Courier serialize so), so the read side follows the written epochs in order.
/// </remarks>
internal sealed class InFlightCommands
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, PendingCommand> _byTag = new(StringComparer.Ordinal);
    private readonly List<PendingCommand> _inFlight = [];
    private readonly List<PendingCommand> _claimants = []; // scratch list, under _sync
    private readonly Dictionary<uint, PendingCommand> _bodyOwners = []; // whose sink took a streamed body, by sequence number
    private SelectionEpoch _writtenEpoch = new(0, null); // the selection the next written command runs in
    private SelectionEpoch _readEpoch; // the selection the data being read belongs to
    private PendingCommand? _continuationOwner;
    private int _tagCounter;
    private int _flagTakers; // commands in flight that take FetchedFlags
    private bool _closed;

    public InFlightCommands() => _readEpoch = _writtenEpoch;

    /// <summary>True while a command is in flight.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_sync)
            {
                return _inFlight.Count > 0;
            }
        }
    }

    /// <summary>
    /// True while a command in flight takes FETCH answers as <see cref="FetchedFlags"/>: only then is it
    /// worth reading a FETCH frame as a summary first (<see cref="ImapResponseSource.ReadFlagSummaries"/>).
    /// </summary>
    public bool AnyTakesFlags => Volatile.Read(ref _flagTakers) > 0;

    /// <summary>The model of the selection the read side is in (see <see cref="ImapClient.Selected"/>).</summary>
    public SelectedMailbox? ReadSelection
    {
        get
        {
            lock (_sync)
            {
                return ReadEpoch().Mailbox;
            }
        }
    }

    /// <summary>The mailbox the next command written will run in, as far as the commands written so far say.</summary>
    public SelectedMailbox? WrittenSelection
    {
        get
        {
            lock (_sync)
            {
                return _writtenEpoch.Mailbox;
            }
        }
    }

    /// <summary>The command the next "+" is for: the one being written, or null.</summary>
    public PendingCommand? ContinuationOwner
    {
        get
        {
            lock (_sync)
            {
                return _continuationOwner;
            }
        }
    }

    /// <summary>
    /// Gives the command its tag and its selection epoch and makes it the owner of continuations. Runs
    /// in write order, so tags and epochs follow the order the commands reach the server. False (and
    /// nothing registered) once <see cref="RemoveAll"/> closed the table: the connection is lost.
    /// </summary>
    public bool Register(PendingCommand pending)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }
            pending.Tag = (_tagCounter++).ToString("D6", CultureInfo.InvariantCulture);
            if (pending.ChangesSelection)
            {
                pending.Previous = _writtenEpoch;
                _writtenEpoch = new SelectionEpoch(_writtenEpoch.Number + 1, pending.Selects);
            }
            pending.Epoch = _writtenEpoch;
            _byTag.Add(pending.Tag, pending);
            _inFlight.Add(pending);
            if (pending.TakesFlags)
            {
                _flagTakers++;
            }
            _continuationOwner = pending;
            return true;
        }
    }

    /// <summary>The command has finished writing: a "+" is no longer for it.</summary>
    public void EndWriting(PendingCommand pending)
    {
        lock (_sync)
        {
            if (_continuationOwner == pending)
            {
                _continuationOwner = null;
            }
        }
    }

    /// <summary>Removes and returns the command with this tag, or null when none has it.</summary>
    public PendingCommand? Complete(string tag)
    {
        lock (_sync)
        {
            if (_byTag.Remove(tag, out var pending))
            {
                _inFlight.Remove(pending);
                if (pending.TakesFlags)
                {
                    _flagTakers--;
                }
            }
            return pending;
        }
    }

    /// <summary>Removes and returns every command in flight, and registers no more (the connection is lost).</summary>
    public PendingCommand[] RemoveAll()
    {
        lock (_sync)
        {
            _closed = true;
            PendingCommand[] all = [.. _inFlight];
            _inFlight.Clear();
            _byTag.Clear();
            _flagTakers = 0;
            _continuationOwner = null;
            return all;
        }
    }

    /// <summary>
    /// The completions of the commands in flight that must not be in flight with a command declaring
    /// <paramref name="declared"/> if it were written next: those in the same selection whose messages
    /// conflict (<see cref="MessageAccess.ConflictsWith"/>), and those that take the same untagged answers
    /// (<see cref="UntaggedAnswers.ConflictsWith"/>).
    /// </summary>
    public Task[] Conflicting(Pipelining declared)
    {
        lock (_sync)
        {
            return [.. _inFlight.Where(other => Conflict(other, declared)).Select(other => other.Completion)];
        }
    }

    private bool Conflict(PendingCommand other, Pipelining declared)
    {
        var sameSelection = other.Epoch == _writtenEpoch;
        var used = other.Command.Pipelining;
        return (sameSelection && used.Messages is { } theirs && declared.Messages is { } ours && theirs.ConflictsWith(ours))
            || used.Answers.ConflictsWith(declared.Answers, sameSelection);
    }

    /// <summary>
    /// A SELECT, EXAMINE, UNSELECT or CLOSE completed (on the read loop). A failed SELECT leaves no
    /// mailbox selected (RFC 3501), so the commands written after it run in none; a refused UNSELECT
    /// or CLOSE leaves the selection as it was. Returns the mailbox the read side is in now.
    /// </summary>
    public SelectedMailbox? EndSelectionChange(PendingCommand change, bool succeeded)
    {
        lock (_sync)
        {
            var left = change.Selects is not null || succeeded;
            if (!succeeded)
            {
                change.Selects?.MarkClosed();
                change.Epoch.Mailbox = change.Selects is null ? change.Previous?.Mailbox : null;
            }
            if (left)
            {
                change.Previous?.Mailbox?.MarkClosed();
            }
            if (change.Epoch.Number > _readEpoch.Number)
            {
                _readEpoch = change.Epoch;
            }
            return ReadEpoch().Mailbox;
        }
    }

    /// <summary>After LOGOUT: no mailbox is selected any more.</summary>
    public void ForgetSelection()
    {
        lock (_sync)
        {
            _readEpoch.Mailbox?.MarkClosed();
            _writtenEpoch = _readEpoch = new SelectionEpoch(_writtenEpoch.Number + 1, null);
        }
    }

    /// <summary>
    /// Gives an untagged response to the read epoch's mailbox model and to the commands that claim it
    /// (on the read loop). Returns true when a command took it; <paramref name="mailbox"/> is the model
    /// it was applied to.
    /// </summary>
    public bool Route(ImapResponse response, out SelectedMailbox? mailbox)
    {
        lock (_sync)
        {
            var claimants = _claimants;
            claimants.Clear();
            if (response is StatusResponse { Code.Kind: ResponseCodeKind.Closed })
            {
                SelectionClosed();
            }
            mailbox = CollectClaimants(claimants, out var current);
            mailbox?.Apply(response);
            try
            {
                switch (response)
                {
                    case FetchResponse fetch when OfferFetch(fetch, claimants, current):
                        return true;
                    case ESearchResponse esearch:
                        return OfferESearch(esearch, claimants, current);
                    case SearchResponse search:
                        return OfferToOnlySearch(search, claimants, current);
                    case VanishedResponse { Earlier: true }:
                        return OfferToEach(response, claimants, current);
                }
                foreach (var pending in claimants)
                {
                    if (pending.Claim?.Invoke(response) == true)
                    {
                        return true;
                    }
                }
                return false;
            }
            finally
            {
                claimants.Clear();
            }
        }
    }

    /// <summary>
    /// Routes a FETCH of UID, FLAGS and MODSEQ read as a summary (on the read loop) when every command that
    /// would take it takes <see cref="FetchedFlags"/>: to the SELECT in flight, or to each such FETCH that
    /// still waits for it, and to the read epoch's mailbox model. Returns false, having done nothing, when a
    /// command would want it as a <see cref="FetchResponse"/> or none takes it (unsolicited data is kept
    /// typed): the caller then routes it typed with <see cref="Route"/>, where the commands taking
    /// <see cref="FetchedFlags"/> still get theirs.
    /// </summary>
    public bool RouteFlags(in FetchedFlags fetched)
    {
        lock (_sync)
        {
            var claimants = _claimants;
            claimants.Clear();
            try
            {
                var mailbox = CollectClaimants(claimants, out var current);
                if (current == 0)
                {
                    return false;
                }
                if (claimants[0].ChangesSelection)
                {
                    // While a SELECT is in flight its data is its own (its Claim takes every FETCH).
                    if (claimants[0].ChangedFlags is not { } changed)
                    {
                        return false;
                    }
                    mailbox?.NoteModSeq(fetched.ModSeq);
                    changed(fetched);
                    return true;
                }
                var taken = false;
                for (var i = 0; i < current; i++)
                {
                    if (claimants[i].Fetches is { } fetches && fetches.Wants(fetched))
                    {
                        if (!fetches.TakesFlags)
                        {
                            return false;
                        }
                        taken = true;
                    }
                }
                if (!taken)
                {
                    return false;
                }
                mailbox?.NoteModSeq(fetched.ModSeq);
                for (var i = 0; i < current; i++)
                {
                    claimants[i].Fetches?.Offer(fetched);
                }
                return true;
            }
            finally
            {
                claimants.Clear();
            }
        }
    }

    /// <summary>
    /// The sinks for a body being received (on the read loop, before its FETCH response is complete):
    /// those of the first command of the read epoch still waiting for a body of that message. Only a
    /// body whose UID came first goes there: one without a UID could be unsolicited, and must not reach
    /// a caller's sink (a spool file); it is collected and handed back in its FETCH response instead.
    /// </summary>
    public IFetchBodySinkProvider? FindBodySinks(FetchBodyContext context)
    {
        if (context.Uid is not { } uid)
        {
            return null;
        }
        lock (_sync)
        {
            var claimants = _claimants;
            claimants.Clear();
            CollectClaimants(claimants, out var current);
            PendingCommand? owner = null;
            for (var i = 0; i < current && owner is null; i++)
            {
                if (claimants[i] is { BodySinks: not null, Fetches: { } fetches } pending && fetches.AwaitsBody(uid))
                {
                    owner = pending;
                }
            }
            claimants.Clear();
            if (owner is null)
            {
                return null;
            }
            _bodyOwners[context.SequenceNumber] = owner;
            return owner.BodySinks;
        }
    }

    /// <summary>
    /// The selection the data being read belongs to (under <see cref="_sync"/>): that of the oldest
    /// command in flight, or of a selection change that already completed or announced itself with
    /// [CLOSED] if that is later (a server may finish a SELECT before an earlier STATUS or LIST).
    /// </summary>
    private SelectionEpoch ReadEpoch()
    {
        var head = _inFlight.Count > 0 ? _inFlight[0] : null;
        return head is not null && head.Epoch.Number > _readEpoch.Number ? head.Epoch : _readEpoch;
    }

    /// <summary>
    /// Fills <paramref name="claimants"/> with the commands that may claim an untagged response, in
    /// the order they are asked: first those of the read epoch (only the SELECT itself while it is in
    /// flight: the commands after it have not started), then commands of earlier epochs still in
    /// flight, for their own data such as STATUS. Returns the read epoch's mailbox model.
    /// </summary>
    /// <param name="claimants">Receives the commands.</param>
    /// <param name="current">How many of them belong to the read epoch.</param>
    private SelectedMailbox? CollectClaimants(List<PendingCommand> claimants, out int current)
    {
        var epoch = ReadEpoch();
        foreach (var pending in _inFlight)
        {
            if (pending.Epoch.Number < epoch.Number)
            {
                continue;
            }
            if (pending.Epoch != epoch)
            {
                break;
            }
            if (pending.ChangesSelection)
            {
                claimants.Clear();
                claimants.Add(pending);
                break;
            }
            claimants.Add(pending);
        }
        current = claimants.Count;
        foreach (var pending in _inFlight)
        {
            if (pending.Epoch.Number < epoch.Number)
            {
                claimants.Add(pending);
            }
        }
        return epoch.Mailbox;
    }

    /// <summary>
    /// [CLOSED] (RFC 7162): the server has left the previous mailbox for the next SELECT/EXAMINE in
    /// flight, so what follows is that SELECT's even if earlier commands have not completed yet.
    /// </summary>
    private void SelectionClosed()
    {
        var epoch = ReadEpoch();
        foreach (var pending in _inFlight)
        {
            if (pending.Epoch == epoch && pending.ChangesSelection)
            {
                return; // the read epoch's own SELECT: its [CLOSED] is about the mailbox before it
            }
            if (pending.ChangesSelection)
            {
                if (pending.Selects is not null)
                {
                    pending.Previous?.Mailbox?.MarkClosed();
                    _readEpoch = pending.Epoch;
                }
                return;
            }
        }
    }

    /// <summary>
    /// ESEARCH goes to the command its <c>(TAG "t")</c> names, whatever the selection. One without a tag
    /// (a server that omits it) goes where a plain SEARCH goes (see <see cref="OfferToOnlySearch"/>).
    /// </summary>
    private bool OfferESearch(ESearchResponse esearch, List<PendingCommand> claimants, int current) =>
        esearch.Tag is { } tag
            ? _byTag.TryGetValue(tag, out var named) && named.Claim?.Invoke(esearch) == true
            : OfferToOnlySearch(esearch, claimants, current);

    /// <summary>
    /// An answer to a SEARCH that names no command (a plain <c>* SEARCH</c>, also from a server that
    /// advertised ESEARCH and answered the old way; an ESEARCH without its tag) goes to the read epoch's
    /// only SEARCH in flight. With several it could be any one's, so it goes to none: each then fails for
    /// want of an answer rather than take another's. Without ESEARCH the scheduler keeps plain SEARCHes
    /// one at a time in a selection, so there it always has its command.
    /// </summary>
    private static bool OfferToOnlySearch(ImapResponse answer, List<PendingCommand> claimants, int current)
    {
        PendingCommand? only = null;
        for (var i = 0; i < current; i++)
        {
            if (claimants[i].Command.Pipelining.Answers.IsSearch)
            {
                if (only is not null)
                {
                    return false;
                }
                only = claimants[i];
            }
        }
        return only?.Claim?.Invoke(answer) == true;
    }

    /// <summary>
    /// Offers a response to every command of the read epoch, not only the first that takes it: a
    /// VANISHED (EARLIER) may answer several UID FETCHes at once, each taking the UIDs in its own set (the
    /// scheduler never has two with overlapping sets in flight, <see cref="MessageAccess"/>). True when one took it.
    /// </summary>
    private static bool OfferToEach(ImapResponse response, List<PendingCommand> claimants, int current)
    {
        var taken = false;
        for (var i = 0; i < current; i++)
        {
            taken |= claimants[i].Claim?.Invoke(response) == true;
        }
        return taken;
    }

    /// <summary>
    /// Offers a FETCH response to the read epoch's commands (the first <paramref name="current"/>
    /// claimants). Each one that still waits for an item the response carries gets it (see
    /// <see cref="FetchInterest"/>); the scheduler never has a command in flight with one that changes
    /// its messages (<see cref="MessageAccess"/>), so such data is an answer to each of them. True when
    /// at least one took it.
    /// </summary>
    private bool OfferFetch(FetchResponse fetch, List<PendingCommand> claimants, int current)
    {
        _bodyOwners.Remove(fetch.SequenceNumber, out var owner);
        var streamed = fetch.Bodies.Any(b => b.IsStreamed);
        var taken = false;
        for (var i = 0; i < current; i++)
        {
            var pending = claimants[i];
            if (pending.Fetches?.Offer(fetch, bodyStreamedElsewhere: streamed && pending != owner) == true)
            {
                taken = true;
            }
        }
        return taken;
    }
}
