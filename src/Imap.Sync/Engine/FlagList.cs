namespace Imap.Sync.Engine;

/// <summary>
/// Flag lists as the engine compares and stores them: without <c>\Recent</c>, system flags in canonical
/// case, no duplicates, sorted by ordinal (byte) order, space-joined (InterIMAP's form).
/// </summary>
internal static class FlagList
{
    private static readonly string[] SystemFlags = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"];

    public static IReadOnlyList<string> Normalize(IEnumerable<string> flags)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            if (flag.Length == 0 || string.Equals(flag, "\\Recent", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            set.Add(Canonical(flag));
        }

        return [.. set];
    }

    public static string Join(IEnumerable<string> flags) => string.Join(' ', Normalize(flags));

    public static IReadOnlyList<string> Split(string joined) =>
        joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static IReadOnlyList<string> Union(IEnumerable<string> a, IEnumerable<string> b) => Normalize(a.Concat(b));

    /// <summary>Keeps what the mailbox can store permanently; <paramref name="dropped"/> gets the rest.</summary>
    public static IReadOnlyList<string> Storable(IReadOnlyList<string> flags, Ports.SelectedMailboxState target, ICollection<string> dropped)
    {
        if (target.PermanentFlags is null)
        {
            return flags;
        }

        var kept = new List<string>(flags.Count);
        foreach (var flag in flags)
        {
            var listed = target.PermanentFlags.Any(p => string.Equals(p, flag, StringComparison.OrdinalIgnoreCase));
            var isKeyword = !flag.StartsWith('\\');
            if (listed || (isKeyword && target.AllowsNewKeywords))
            {
                kept.Add(flag);
            }
            else
            {
                dropped.Add(flag);
            }
        }

        return kept;
    }

    private static string Canonical(string flag)
    {
        if (flag.StartsWith('\\'))
        {
            foreach (var system in SystemFlags)
            {
                if (string.Equals(system, flag, StringComparison.OrdinalIgnoreCase))
                {
                    return system;
                }
            }
        }

        return flag;
    }
}
