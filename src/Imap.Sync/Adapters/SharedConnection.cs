using Imap.Protocol.Client;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>
/// What the lanes over one <see cref="ImapClient"/> share (see <see cref="ImapMailServer.OpenLane"/>):
/// the client, what the server offers, spooling and body memory, and which lane's SELECT the pipeline issued last.
/// </summary>
internal sealed class SharedConnection(ImapClient client, ServerFeatures features, bool ownsClient)
{
    private int _spooledCount;

    public ImapClient Client { get; } = client;

    public bool OwnsClient { get; } = ownsClient;

    /// <summary>QRESYNC is turned off for the whole connection once the server answers it wrongly.</summary>
    public ServerFeatures Features { get; set; } = features;

    /// <summary>Learnt from the first SELECT whose reply lacked [UIDNEXT] (Courier-IMAP).</summary>
    public bool SelectLacksUidNext { get; set; }

    public long SpoolAbove { get; set; } = 1L << 20;

    public string SpoolPath { get; set; } = Path.GetTempPath();

    /// <summary>Pooled memory for the bodies this connection fetches (its read loop fills it).</summary>
    public BodySlabs Slabs { get; } = new();

    public int SpooledCount => Volatile.Read(ref _spooledCount);

    /// <summary>
    /// Held only while a lane issues its commands (never while waiting for replies): the client writes
    /// commands in call order, so a lane's re-SELECT and the command it is for stay next to each other.
    /// </summary>
    public Lock Order { get; } = new();

    /// <summary>The lane whose SELECT the pipeline issued last; null when none is selected. Read and set under <see cref="Order"/>.</summary>
    public ImapMailServer? SelectedBy { get; set; }

    /// <summary>Sends the lanes' next commands together (see <see cref="FlightWindow"/>).</summary>
    public FlightWindow Window { get; } = new();

    public void AddSpooled(int count) => Interlocked.Add(ref _spooledCount, count);
}
