using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>A mapped pair whose message vanished on one side while its twin is still on the other.</summary>
/// <param name="From">The mailbox it left.</param>
/// <param name="Pair">Its pair there, with the flags last agreed.</param>
/// <param name="Twin">The twin's fingerprint, read from the side that still has it.</param>
internal sealed record MoveDeparture(MailboxChanges From, MappedPair Pair, MessageFingerprint Twin);

/// <summary>An unmapped message new on one side of a mailbox since the last sync.</summary>
internal sealed record MoveArrival(MailboxChanges To, MessageFingerprint Print);

/// <summary>A message that left one mailbox and arrived in another on the same side.</summary>
internal sealed record MatchedMove(MoveDeparture Departure, MoveArrival Arrival);

/// <summary>
/// Pairs departures with arrivals on one side by Message-ID, size and internal date (to the second).
/// A wrong pairing would move the wrong message on the other side, so a pair is made only when its
/// identity is unique among the departures and among the arrivals of the whole wave, and the two
/// mailboxes differ; a message without a Message-ID or date is never paired. What is not paired is
/// synchronized as before: an expunge in one mailbox and a copy into the other.
/// </summary>
internal static class MoveMatcher
{
    public static List<MatchedMove> Match(IEnumerable<MoveDeparture> departures, IEnumerable<MoveArrival> arrivals)
    {
        var leaving = Unique(departures, d => Identity(d.Twin));
        var coming = Unique(arrivals, a => Identity(a.Print));
        var moves = new List<MatchedMove>();
        foreach (var (identity, departure) in leaving)
        {
            if (coming.TryGetValue(identity, out var arrival) && departure.From.Plan.Row.Id != arrival.To.Plan.Row.Id)
            {
                moves.Add(new MatchedMove(departure, arrival));
            }
        }

        return moves;
    }

    /// <summary>
    /// Pairs local and remote arrivals in the same mailbox whose identity is unique among each side's
    /// arrivals (the same message moved there on both sides).
    /// </summary>
    public static List<(MoveArrival Local, MoveArrival Remote)> MatchArrivals(IEnumerable<MoveArrival> local, IEnumerable<MoveArrival> remote)
    {
        var remoteByIdentity = Unique(remote, a => Identity(a.Print));
        var pairs = new List<(MoveArrival, MoveArrival)>();
        foreach (var (identity, arrival) in Unique(local, a => Identity(a.Print)))
        {
            if (remoteByIdentity.TryGetValue(identity, out var twin) && twin.To.Plan.Row.Id == arrival.To.Plan.Row.Id)
            {
                pairs.Add((arrival, twin));
            }
        }

        return pairs;
    }

    private static Dictionary<(string, long, long), T> Unique<T>(IEnumerable<T> items, Func<T, (string, long, long)?> identity) =>
        items.Select(i => (Key: identity(i), Item: i))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!.Value)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Item);

    private static (string, long, long)? Identity(MessageFingerprint print) =>
        print is { MessageId: { } id, InternalDate: { } date } ? (id, print.Size, date.ToUnixTimeSeconds()) : null;
}
