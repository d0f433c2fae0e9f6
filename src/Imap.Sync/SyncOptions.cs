using System.Text.RegularExpressions;

namespace Imap.Sync;

/// <summary>
/// Engine settings, named after InterIMAP's configuration keys. Patterns and names use the local
/// hierarchy delimiter or NUL (U+0000) for "the delimiter", in modified UTF-7 wire form.
/// </summary>
public sealed record SyncOptions
{
    /// <summary><c>list-mailbox</c>: LIST patterns (default <c>*</c>).</summary>
    public IReadOnlyList<string> ListMailbox { get; init; } = ["*"];

    /// <summary><c>list-select-opts</c>: LIST-EXTENDED selection options, e.g. <c>SUBSCRIBED</c>.</summary>
    public IReadOnlyList<string> ListSelectOptions { get; init; } = [];

    /// <summary><c>list-reference</c> of the <c>[local]</c> section.</summary>
    public string LocalListReference { get; init; } = "";

    /// <summary><c>list-reference</c> of the <c>[remote]</c> section.</summary>
    public string RemoteListReference { get; init; } = "";

    /// <summary><c>personal-namespace</c> of the <c>[local]</c> section.</summary>
    public PersonalNamespaceMode LocalPersonalNamespace { get; init; }

    /// <summary><c>personal-namespace</c> of the <c>[remote]</c> section.</summary>
    public PersonalNamespaceMode RemotePersonalNamespace { get; init; }

    /// <summary>
    /// <c>ignore-mailbox</c>: matched against each name without its reference and with NUL for the
    /// delimiter. Not applied when <see cref="Mailboxes"/> is given.
    /// </summary>
    public Regex? IgnoreMailbox { get; init; }

    /// <summary>Mailboxes (or patterns) from the command line; when non-empty they replace <see cref="ListMailbox"/>.</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];

    /// <summary>Flush an APPEND batch before it exceeds this many bytes (a larger single message goes alone).</summary>
    public long AppendBatchMaxBytes { get; init; } = 1 << 20;

    /// <summary>
    /// At most this many messages per APPEND (MULTIAPPEND) command. High enough that small messages are
    /// batched by <see cref="AppendBatchMaxBytes"/> too: each batch costs a round trip on each side and
    /// two state commits (each an fsync), per 128 messages before (a third of a 1 MB batch of 3 KB mail).
    /// </summary>
    public int AppendBatchMaxMessages { get; init; } = 1000;

    /// <summary>
    /// Batches fetched ahead of the one being appended (pipelined on the source connection), so a slow
    /// link does not wait a round trip per batch. Bodies held per mailbox in flight: this many plus one
    /// times <see cref="AppendBatchMaxBytes"/> (bodies above the adapter's spool threshold, 1 MB by
    /// default, wait in temporary files). Two keep a batch coming while one is appended: a 1 MB batch
    /// takes longer to send than a 50 ms round trip even at 100 Mbit/s.
    /// </summary>
    public int CopyPrefetchBatches { get; init; } = 2;

    /// <summary>
    /// Use at most this change source, whatever the servers offer (for tests and for servers whose
    /// QRESYNC or CONDSTORE is broken). Null: the best each side offers.
    /// </summary>
    public ChangeSourceKind? MaxChangeSource { get; init; }

    /// <summary>
    /// Pairs of connections for a large copy (from <c>ConnectionRule.LargeCopyMessages</c> new messages on):
    /// mailboxes then go one per pair, this many at once (the extra ones come from the engine's
    /// <see cref="MailServerConnector"/>). Otherwise every changed mailbox runs at once over one
    /// connection per side, whatever this says; servers whose port offers no lanes take mailboxes one
    /// by one on up to this many pairs.
    /// </summary>
    public int MaxMailboxesInFlight { get; init; } = 1;

    /// <summary>
    /// The mass-expunge safety valve: a mailbox whose run would expunge more than this on one side is
    /// stopped before anything is deleted (a <see cref="SyncException"/> naming it; its state does not
    /// advance, so every run stops there until the user confirms). Null: no limit (confirmed).
    /// </summary>
    public MassExpungeLimit? MassExpungeLimit { get; init; } = MassExpungeLimit.Default;

    /// <summary>
    /// Graceful stop. Once cancelled, no further mailbox starts, and those in flight stop at their next
    /// safe point: before their first write, or once the copy batch in progress is appended and committed;
    /// <see cref="SyncSummary.StoppedEarly"/> tells the caller. (The
    /// token passed to the run methods, by contrast, aborts at once, relying on crash safety.)
    /// </summary>
    public CancellationToken StopRequested { get; init; }

    /// <summary>
    /// How long <see cref="AccountSync"/>'s runs wait, after their stop token was cancelled, for the
    /// mailboxes in flight before cancelling the run outright (safe too: copies are journalled and state
    /// commits per batch). Default 30 seconds. <see cref="SyncEngine"/> itself does not wait: its caller
    /// decides when to cancel the run's token.
    /// </summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mailboxes per wave of lanes (see <c>LaneWaves</c>); smaller only in tests, to cover several waves with a few mailboxes.</summary>
    internal int LanesPerWave { get; init; } = Engine.LaneWaves.MaxLanes;

    /// <summary>New messages from which a copy takes extra connections (see <c>ConnectionRule</c>); smaller only in tests.</summary>
    internal long LargeCopyMessages { get; init; } = Engine.ConnectionRule.LargeCopyMessages;
}
