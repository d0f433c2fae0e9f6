namespace Imap.Protocol.Commands;

/// <summary>
/// What a command declares about sharing the connection with the commands in flight (as swift-nio-imap's
/// pipelining behaviours do); the scheduler decides from this alone when the command may be written.
/// </summary>
/// <param name="Kind">How it relates to the connection and the selection.</param>
/// <param name="Messages">
/// The messages of the selected mailbox whose FETCH data it receives, and whether it changes their flags
/// (UID FETCH, UID STORE): it waits while a command in flight in the same selection changes one it uses,
/// or uses one it changes.
/// </param>
/// <param name="Answers">
/// The untagged data it takes that nothing ties to it (<c>* SEARCH</c>, <c>* STATUS</c>, …): it waits while a
/// command in flight would take the same data.
/// </param>
internal readonly record struct Pipelining(PipeliningKind Kind, MessageAccess? Messages = null, UntaggedAnswers Answers = default)
{
    /// <summary>Runs alongside any other command (NOOP, LIST, STATUS, APPEND, SEARCH, …).</summary>
    public static Pipelining Independent => new(PipeliningKind.Independent);

    /// <summary>Changes the connection itself (LOGIN, ENABLE, NOTIFY, IDLE, LOGOUT): runs alone.</summary>
    public static Pipelining Barrier => new(PipeliningKind.Barrier);

    /// <summary>Runs alone and, on OK, hands the transport over for an upgrade (STARTTLS, COMPRESS).</summary>
    public static Pipelining TransportUpgrade => new(PipeliningKind.TransportUpgrade);

    /// <summary>SELECT, EXAMINE, UNSELECT, CLOSE: a sequence point the server serializes around (RFC 3501 section 5.5).</summary>
    public static Pipelining SelectionChange => new(PipeliningKind.SelectionChange);

    /// <summary>Receives FETCH data of <paramref name="uids"/>, and changes their flags when <paramref name="changesFlags"/>.</summary>
    /// <param name="uids">The messages.</param>
    /// <param name="changesFlags">It changes their flags.</param>
    /// <param name="reportsVanished">It is answered by <c>VANISHED (EARLIER)</c> for them (UID FETCH with the VANISHED modifier).</param>
    public static Pipelining OnMessages(Model.UidSet uids, bool changesFlags, bool reportsVanished = false) =>
        new(PipeliningKind.Independent, new MessageAccess(uids, changesFlags, reportsVanished));

    /// <summary>Runs alongside other commands but not alongside one that takes the same <paramref name="answers"/>.</summary>
    public static Pipelining Answering(UntaggedAnswers answers) => new(PipeliningKind.Independent, Answers: answers);

    /// <summary>Takes every pipeline slot: nothing else is in flight before or during it.</summary>
    public bool RunsAlone => Kind is PipeliningKind.Barrier or PipeliningKind.TransportUpgrade;

    /// <summary>Starts a new selection epoch.</summary>
    public bool ChangesSelection => Kind == PipeliningKind.SelectionChange;

    /// <summary>The read loop stops after its OK so the transport can be upgraded.</summary>
    public bool StopsReading => Kind == PipeliningKind.TransportUpgrade;
}

/// <summary>The kinds of <see cref="Pipelining"/>.</summary>
internal enum PipeliningKind
{
    /// <summary>Pipelined with anything; message conflicts are declared apart.</summary>
    Independent,

    /// <summary>Changes the selected mailbox; takes one slot.</summary>
    SelectionChange,

    /// <summary>Changes the connection's state; takes every slot.</summary>
    Barrier,

    /// <summary>A barrier after whose OK the transport changes.</summary>
    TransportUpgrade,
}
