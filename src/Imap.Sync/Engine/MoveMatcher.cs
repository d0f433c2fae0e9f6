using Imap.Sync.Ports;
using Imap.Sync.State;

namespace Imap.Sync.Engine;

/// <summary>A mapped pair whose message vanished on one side while its twin is still on the other.</summary>
/// <param name="From">The mailbox it left.</param>
/// <param name="Pair">Its pair there, with the flags last agreed.</param>
/// <param name="Twin">The twin's fingerprint, read from the side that still has it.</param>
/// <param name="EmailId">The id the vanished message had on its server, as recorded with the pair; null when unknown.</param>
internal sealed record MoveDeparture(MailboxChanges From, MappedPair Pair, MessageFingerprint Twin, string? EmailId = null);

/// <summary>An unmapped message new on one side of a mailbox since the last sync.</summary>
internal sealed record MoveArrival(MailboxChanges To, MessageFingerprint Print);

/// <summary>A message that left one mailbox and arrived in another on the same side.</summary>
internal sealed record MatchedMove(MoveDeparture Departure, MoveArrival Arrival);

/// <summary>
/// Pairs departures with arrivals on one side. Exactly where the server gives each message an id that
/// stays with it across a move (EMAILID, X-GM-MSGID) and the departed message's id was recorded: the
/// same id, unique among the arrivals, is the same message, with or without a Message-ID. Otherwise by
/// Message-ID, size and internal date (to the second): a wrong pairing would move the wrong message on
/// the other side, so such a pair is made only when its identity is unique among the departures and
/// among the arrivals of the whole wave, never between two messages whose ids are both known (they
/// differ: look-alikes), and a message without a Message-ID or date is never paired that way. The two
/// mailboxes must differ. What is not paired is synchronized as before: an expunge in one mailbox and a
/// copy into the other.
/// </summary>
internal static class MoveMatcher
{
    public static List<MatchedMove> Match(IEnumerable<MoveDeparture> departures, IEnumerable<MoveArrival> arrivals)
    {
        var leaving = departures.ToList();
        var coming = arrivals.ToList();
        var byEmailId = Unique(coming, a => a.Print.EmailId);
        var moves = new List<MatchedMove>();
        foreach (var departure in leaving)
        {
            if (departure.EmailId is { } id && byEmailId.TryGetValue(id, out var arrival) && Apart(departure, arrival))
            {
                moves.Add(new MatchedMove(departure, arrival));
            }
        }

        var left = moves.Select(m => m.Departure).ToHashSet();
        var arrived = moves.Select(m => m.Arrival).ToHashSet();
        var leavingByPrint = Unique(leaving.Where(d => !left.Contains(d)), d => Identity(d.Twin));
        var comingByPrint = Unique(coming.Where(a => !arrived.Contains(a)), a => Identity(a.Print));
        foreach (var (identity, departure) in leavingByPrint)
        {
            if (comingByPrint.TryGetValue(identity, out var arrival) && Apart(departure, arrival) && (departure.EmailId is null || arrival.Print.EmailId is null))
            {
                moves.Add(new MatchedMove(departure, arrival));
            }
        }

        return moves;
    }

    private static bool Apart(MoveDeparture departure, MoveArrival arrival) => departure.From.Plan.Row.Id != arrival.To.Plan.Row.Id;

    /// <summary>
    /// Pairs local and remote arrivals in the same mailbox that are the same message moved there on both
    /// sides: each carrying the id its server gave one of the pairs gone from both sides
    /// (<paramref name="goneIds"/>, as recorded), or else with an identity unique among each side's arrivals.
    /// </summary>
    public static List<(MoveArrival Local, MoveArrival Remote)> MatchArrivals(IEnumerable<MoveArrival> local, IEnumerable<MoveArrival> remote, IEnumerable<(string Local, string Remote)> goneIds)
    {
        var locals = local.ToList();
        var remotes = remote.ToList();
        var (localById, remoteById) = (Unique(locals, a => a.Print.EmailId), Unique(remotes, a => a.Print.EmailId));
        var pairs = new List<(MoveArrival Local, MoveArrival Remote)>();
        foreach (var (localId, remoteId) in goneIds)
        {
            if (localById.TryGetValue(localId, out var arrival) && remoteById.TryGetValue(remoteId, out var twin) && twin.To.Plan.Row.Id == arrival.To.Plan.Row.Id)
            {
                pairs.Add((arrival, twin));
            }
        }

        var remoteByIdentity = Unique(remotes.Where(r => !pairs.Exists(p => p.Remote == r)), a => Identity(a.Print));
        foreach (var (identity, arrival) in Unique(locals.Where(l => !pairs.Exists(p => p.Local == l)), a => Identity(a.Print)))
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

    private static Dictionary<string, T> Unique<T>(IEnumerable<T> items, Func<T, string?> identity) =>
        items.Select(i => (Key: identity(i), Item: i))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Item, StringComparer.Ordinal);

    private static (string, long, long)? Identity(MessageFingerprint print) =>
        print is { MessageId: { } id, InternalDate: { } date } ? (id, print.Size, date.ToUnixTimeSeconds()) : null;
}
