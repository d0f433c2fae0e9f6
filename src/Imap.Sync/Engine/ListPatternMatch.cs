namespace Imap.Sync.Engine;

/// <summary>
/// Whether a name in a LIST reply matches what was asked for (RFC 3501 §6.3.8): <c>*</c> matches
/// anything, <c>%</c> anything but the hierarchy delimiter, INBOX in any case. The reference is
/// joined to the pattern as servers do (concatenated, or with the delimiter between), and a pattern
/// is also tried alone, since a server may treat it as absolute. LIST-EXTENDED replies that carry
/// CHILDINFO name a parent that itself matches the pattern (RFC 5258 §3.5), so they pass too.
/// </summary>
internal static class ListPatternMatch
{
    public static bool MatchesAny(string name, char? delimiter, string reference, IEnumerable<string> patterns) =>
        patterns.Any(p => Matches(name, delimiter, reference, p));

    public static bool Matches(string name, char? delimiter, string reference, string pattern)
    {
        var candidates = new List<string> { reference + pattern, pattern };
        if (delimiter is { } d && reference.Length > 0 && !reference.EndsWith(d))
        {
            candidates.Add(reference + d + pattern);
        }

        var text = NormalizeInbox(name, delimiter);
        return candidates.Any(c => Wildcard(NormalizeInbox(c, delimiter), text, delimiter));
    }

    // INBOX is case-insensitive, as a whole name or as the first level of one.
    private static string NormalizeInbox(string name, char? delimiter) =>
        name.Length >= 5 && name.StartsWith("INBOX", StringComparison.OrdinalIgnoreCase) && (name.Length == 5 || name[5] == delimiter)
            ? string.Concat("INBOX", name.AsSpan(5))
            : name;

    // Dynamic programming rather than backtracking: a hostile name cannot make it exponential.
    private static bool Wildcard(string pattern, string text, char? delimiter)
    {
        // matched[j]: the pattern read so far matches text[..j].
        var matched = new bool[text.Length + 1];
        matched[0] = true;
        foreach (var p in pattern)
        {
            var next = new bool[text.Length + 1];
            if (p is '*' or '%')
            {
                var reachable = false;
                for (var j = 0; j <= text.Length; j++)
                {
                    // Extending a wildcard run over text[j - 1]: '%' stops at the delimiter.
                    reachable = matched[j] || (reachable && (p == '*' || text[j - 1] != delimiter));
                    next[j] = reachable;
                }
            }
            else
            {
                for (var j = 1; j <= text.Length; j++)
                {
                    next[j] = matched[j - 1] && text[j - 1] == p;
                }
            }

            matched = next;
        }

        return matched[text.Length];
    }
}
