using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Pairs COPYUID source and destination UIDs by position, in the order the server listed them.</summary>
internal static class CopyUidPairs
{
    private const long MaxPairs = 1 << 22;

    internal static List<KeyValuePair<Uid, Uid>>? Zip(UidRange[] source, UidRange[] destination)
    {
        var sourceCount = source.Sum(r => r.Count);
        if (sourceCount != destination.Sum(r => r.Count) || sourceCount > MaxPairs)
            return null;
        var pairs = new List<KeyValuePair<Uid, Uid>>((int)sourceCount);
        using var destinations = Expand(destination).GetEnumerator();
        foreach (var uid in Expand(source))
        {
            destinations.MoveNext();
            pairs.Add(new KeyValuePair<Uid, Uid>(uid, destinations.Current));
        }
        return pairs;
    }

    // Ranges keep the server's order; each range expands upwards because UidRange orders its bounds.
    private static IEnumerable<Uid> Expand(UidRange[] ranges)
    {
        foreach (var range in ranges)
        {
            for (var value = range.First; ; value++)
            {
                yield return new Uid(value);
                if (value == range.Last)
                    break;
            }
        }
    }
}
