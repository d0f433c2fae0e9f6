using Imap.Protocol.Model;
using Imap.Protocol.Parsing;

namespace Imap.Protocol.Client;

/// <summary>
/// Where FETCH data goes when several commands that fetch or store the same messages are in flight.
/// Each one that still waits for an item the response carries gets it (see <see cref="FetchInterest"/>);
/// the scheduler never has a command in flight with one that changes its messages
/// (<see cref="MessageAccess"/>), so such data is an answer to each of them.
/// </summary>
public sealed partial class ImapClient
{
    // The command whose sink took a streamed body, by message sequence number (read loop only).
    private readonly Dictionary<uint, PendingCommand> _bodyOwners = [];

    /// <summary>
    /// Offers a FETCH response to the read epoch's commands (the first <paramref name="current"/>
    /// claimants; under <see cref="_sync"/>). True when at least one took it.
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

    /// <summary>
    /// The sinks for a body being received (on the read loop, before its FETCH response is complete):
    /// those of the first command of the read epoch still waiting for a body of that message. Only a
    /// body whose UID came first goes there: one without a UID could be unsolicited, and must not reach
    /// a caller's sink (a spool file); it is collected and handed back in its FETCH response instead.
    /// </summary>
    internal IFetchBodySinkProvider? FindBodySinks(FetchBodyContext context)
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
}
