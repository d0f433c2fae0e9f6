using System.Collections;
using System.Text;

namespace Imap.Protocol.Model;

/// <summary>
/// An immutable set of message flags: system flags as bits plus keywords (sorted, case-insensitive,
/// interned by the parser so a FETCH of many messages shares one array per distinct keyword set).
/// </summary>
public readonly struct FlagSet : IEquatable<FlagSet>, IEnumerable<ImapFlag>
{
    private readonly string[]? _keywords;

    /// <summary>Creates a set from system flags and keywords (keywords are deduplicated and sorted).</summary>
    public FlagSet(SystemFlags system, IEnumerable<string>? keywords = null)
    {
        var list = new List<string>();
        foreach (var keyword in keywords ?? [])
        {
            var systemFlag = ImapFlag.SystemFlagOf(keyword);
            if (systemFlag != SystemFlags.None)
                system |= systemFlag;
            else if (!list.Contains(keyword, StringComparer.OrdinalIgnoreCase))
                list.Add(keyword);
        }
        list.Sort(StringComparer.OrdinalIgnoreCase);
        System = system;
        _keywords = list.Count == 0 ? null : [.. list];
    }

    /// <summary>Wraps already sorted, deduplicated keywords without copying (parser use).</summary>
    internal FlagSet(SystemFlags system, string[]? sortedKeywords)
    {
        System = system;
        _keywords = sortedKeywords is { Length: 0 } ? null : sortedKeywords;
    }

    /// <summary>Creates a set from flags given by wire name, e.g. <c>\Seen</c>, <c>$Forwarded</c>.</summary>
    public static FlagSet FromNames(IEnumerable<string> names) => new(SystemFlags.None, names);

    /// <summary>The empty set.</summary>
    public static FlagSet Empty => default;

    /// <summary>The system flags in the set.</summary>
    public SystemFlags System { get; }

    /// <summary>The keywords (and non-standard <c>\</c> flags), sorted case-insensitively.</summary>
    public IReadOnlyList<string> Keywords => _keywords ?? [];

    /// <summary>True when the set holds no flag.</summary>
    public bool IsEmpty => System == SystemFlags.None && _keywords is null;

    /// <summary>How many flags the set holds.</summary>
    public int Count => BitCount(System) + (_keywords?.Length ?? 0);

    /// <summary>True when the set holds <paramref name="flag"/>.</summary>
    public bool Contains(ImapFlag flag) => flag.System != SystemFlags.None
        ? (System & flag.System) != 0
        : _keywords is not null && Array.BinarySearch(_keywords, flag.Name, StringComparer.OrdinalIgnoreCase) >= 0;

    /// <summary>The set without the given system flags (e.g. drop <c>\Recent</c> before propagating).</summary>
    public FlagSet Without(SystemFlags flags) => new(System & ~flags, _keywords);

    /// <summary>The flags in either set.</summary>
    public FlagSet Union(FlagSet other) => new(System | other.System, [.. Keywords, .. other.Keywords]);

    /// <summary>The flags in this set and not in <paramref name="other"/>.</summary>
    public FlagSet Except(FlagSet other)
    {
        var otherKeywords = other.Keywords;
        return new(System & ~other.System,
            Keywords.Where(k => !otherKeywords.Contains(k, StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>Enumerates system flags first, then keywords.</summary>
    public IEnumerator<ImapFlag> GetEnumerator()
    {
        foreach (var entry in SystemFlagNames.All)
        {
            if ((System & entry.Flag) != 0)
                yield return new ImapFlag(entry.Name);
        }
        foreach (var keyword in Keywords)
            yield return new ImapFlag(keyword);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The wire form of the flags separated by spaces, without parentheses.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var flag in this)
        {
            if (builder.Length > 0)
                builder.Append(' ');
            builder.Append(flag.Name);
        }
        return builder.ToString();
    }

    /// <inheritdoc />
    public bool Equals(FlagSet other)
    {
        if (System != other.System)
            return false;
        var mine = Keywords;
        var theirs = other.Keywords;
        if (ReferenceEquals(mine, theirs))
            return true;
        if (mine.Count != theirs.Count)
            return false;
        for (var i = 0; i < mine.Count; i++)
        {
            if (!string.Equals(mine[i], theirs[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FlagSet other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(System);
        foreach (var keyword in Keywords)
            hash.Add(keyword, StringComparer.OrdinalIgnoreCase);
        return hash.ToHashCode();
    }

    /// <summary>Compares two sets (keywords case-insensitively).</summary>
    public static bool operator ==(FlagSet left, FlagSet right) => left.Equals(right);

    /// <summary>Compares two sets (keywords case-insensitively).</summary>
    public static bool operator !=(FlagSet left, FlagSet right) => !left.Equals(right);

    private static int BitCount(SystemFlags flags) => global::System.Numerics.BitOperations.PopCount((uint)flags);
}
