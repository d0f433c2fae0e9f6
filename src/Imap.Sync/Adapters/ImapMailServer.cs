using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Sync.Ports;

namespace Imap.Sync.Adapters;

/// <summary>
/// The engine's <see cref="IMailServer"/> port over a connected, authenticated <see cref="ImapClient"/>.
/// Open it with <see cref="OpenAsync"/>, which enables QRESYNC (or CONDSTORE) when offered.
/// Names cross the port in wire form (modified UTF-7), as InterIMAP stores them.
/// </summary>
public sealed partial class ImapMailServer : IMailServer
{
    private readonly SharedConnection _shared;
    private readonly ImapClient _client;
    private readonly bool _isLane;
    private readonly Lock _modSeqLock = new();
    private ulong _storedModSeq; // highest MODSEQ reported for this lane's mailbox since its SelectAsync, beyond its model's

    private ImapMailServer(SharedConnection shared, bool isLane)
    {
        _shared = shared;
        _client = shared.Client;
        _isLane = isLane;
    }

    /// <inheritdoc/>
    /// <remarks>QRESYNC is turned off for the rest of the connection once the server answers it wrongly (see SelectAsync).</remarks>
    public ServerFeatures Features
    {
        get => _shared.Features;
        private set => _shared.Features = value;
    }

    /// <inheritdoc/>
    public bool SelectedModSeqUnusable => _modSeqUnusable || _selected is { NoModSeq: true };

    /// <summary>
    /// Message bodies larger than this are spooled to a temporary file while being copied
    /// (<see cref="ImapMailServerOptions.SpoolAbove"/>). Shared by every lane of the connection.
    /// </summary>
    public long SpoolAbove => _shared.SpoolAbove;

    /// <summary>Where spool files go (<see cref="ImapMailServerOptions.SpoolPath"/>, or the system temporary directory).</summary>
    public string SpoolPath => _shared.SpoolPath;

    /// <summary>How many bodies were spooled to temporary files so far, on every lane of the connection.</summary>
    internal int SpooledCount => _shared.SpooledCount;

    /// <summary>The underlying client (traffic counters, trace, capabilities).</summary>
    public ImapClient Client => _client;

    /// <summary>
    /// Wraps a connected client. <see cref="ImapMailServerOptions.FeatureMask"/> can turn features off;
    /// with <see cref="ImapMailServerOptions.OwnsClient"/> (the default), disposing this disposes the client.
    /// </summary>
    public static async Task<ImapMailServer> OpenAsync(ImapClient client, ImapMailServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new ImapMailServerOptions();
        var mask = options.FeatureMask;
        var caps = client.Capabilities;
        var qresync = caps.QResync && caps.Enable && (mask?.QResync ?? true);
        var condstore = (caps.CondStore || caps.QResync) && (mask?.CondStore ?? true);
        if (qresync)
        {
            var enabled = await client.EnableAsync(["QRESYNC"], cancellationToken).ConfigureAwait(false);
            qresync = enabled.Contains("QRESYNC", StringComparer.OrdinalIgnoreCase);
        }

        var features = new ServerFeatures
        {
            QResync = qresync,
            CondStore = condstore,
            ListExtended = caps.ListExtended && (mask?.ListExtended ?? true),
            ListStatus = caps.ListStatus && (mask?.ListStatus ?? true),
            MultiAppend = caps.MultiAppend && (mask?.MultiAppend ?? true),
            UidPlus = caps.UidPlus && (mask?.UidPlus ?? true),
            ObjectId = caps.ObjectId && (mask?.ObjectId ?? true),
            GmailExtensions = caps.Has("X-GM-EXT-1") && (mask?.GmailExtensions ?? true),
            Move = caps.Move && (mask?.Move ?? true),
        };
        var shared = new SharedConnection(client, features, options.OwnsClient)
        {
            SpoolAbove = options.SpoolAbove,
            SpoolPath = options.SpoolPath ?? Path.GetTempPath(),
        };
        // The flight window learns when a burst of replies has been handed out (unless the caller
        // watches the client's bursts itself): the lanes they woke are all running by then.
        client.ReplyBursts ??= shared.Window;
        return new ImapMailServer(shared, isLane: false);
    }

    /// <inheritdoc/>
    public IMailServer OpenLane() => new ImapMailServer(_shared, isLane: true);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_isLane)
        {
            _shared.Window.Close(this);
        }

        if (!_isLane && _client.ReplyBursts == _shared.Window)
        {
            _client.ReplyBursts = null;
        }

        if (!_isLane && _shared.OwnsClient)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static MailboxName Name(string wire) => MailboxName.FromWire(wire);

    // The highest MODSEQ reported for this lane's mailbox so far: its HIGHESTMODSEQ codes (SELECT,
    // APPEND and EXPUNGE replies on Dovecot; those of its earlier re-SELECTs are folded into
    // _storedModSeq) and the MODSEQ our STOREs were answered with. The code is the last one received;
    // the SELECT's own comes after anything the previous mailbox left ([CLOSED]).
    private ulong ReportedModSeq()
    {
        var code = _selected is { NoModSeq: false, HighestModSeq: { } h } ? h.Value : 0;
        lock (_modSeqLock)
        {
            return Math.Max(code, _storedModSeq);
        }
    }

    private void NoteModSeqs(StoreResult result) => NoteModSeq(result.Updated.Select(f => f.ModSeq?.Value ?? 0).DefaultIfEmpty(0UL).Max());

    private void NoteModSeq(ulong highest)
    {
        lock (_modSeqLock)
        {
            _storedModSeq = Math.Max(_storedModSeq, highest);
        }
    }

    private void ForgetModSeqs()
    {
        lock (_modSeqLock)
        {
            _storedModSeq = 0;
        }
    }

    // A tagged NO/BAD (mailbox gone, [TOOBIG], [NOPERM], ...) concerns this mailbox only: the engine
    // records it for the mailbox and goes on with the others.
    private static async Task<T> Refusable<T>(Task<T> command)
    {
        await Refusable((Task)command).ConfigureAwait(false);
        return await command.ConfigureAwait(false);
    }

    private static async Task Refusable(Task command)
    {
        try
        {
            await command.ConfigureAwait(false);
        }
        catch (ImapCommandException ex)
        {
            throw new MailServerCommandException(ex.Message, ex);
        }
    }

    private static UidSet Set(IEnumerable<uint> uids) => UidSet.FromUids(uids.Select(u => new Uid(u)));

    private static UidSet Range(uint first, uint last) => UidSet.FromRanges([new UidRange(first, last)]);

    private static List<string> FlagNames(FlagSet? flags) => flags is { } f ? [.. f.Select(x => x.Name)] : [];
}
