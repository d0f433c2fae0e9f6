namespace Imap.Sync.Engine;

/// <summary>
/// Translates between a server's mailbox names (reference + name with that server's delimiter) and the
/// neutral form stored in the database (no reference, NUL for the delimiter, INBOX upper-case).
/// With a personal namespace prefix (e.g. Cyrus's <c>INBOX.</c>; the reference is then empty), server
/// <c>INBOX</c> is neutral <c>INBOX</c>, server <c>prefix + x</c> is neutral <c>x</c>, and every other
/// name (other users', shared) is outside, like a name outside the reference.
/// </summary>
internal sealed class SideNaming(SyncSide side, string reference, char? delimiter, string personalPrefix = "")
{
    public SyncSide Side { get; } = side;

    public string Reference { get; } = reference;

    public char? Delimiter { get; } = delimiter;

    /// <summary>The personal namespace prefix removed from names; empty for names as listed.</summary>
    public string PersonalPrefix { get; } = personalPrefix;

    /// <summary>The neutral name, or null when the name lies outside the reference or personal namespace.</summary>
    /// <exception cref="SyncException">The name would be read as INBOX (prefix + "INBOX").</exception>
    public string? ToNeutral(string serverName)
    {
        if (PersonalPrefix.Length > 0)
        {
            return PrefixedToNeutral(serverName);
        }

        if (!serverName.StartsWith(Reference, StringComparison.Ordinal))
        {
            return null;
        }

        var name = serverName[Reference.Length..];
        if (IsInbox(name))
        {
            return "INBOX";
        }

        return WithNul(name);
    }

    public string ToServer(string neutralName)
    {
        if (PersonalPrefix.Length > 0 && IsInbox(neutralName))
        {
            return "INBOX";
        }

        var start = Reference + PersonalPrefix;
        if (Delimiter is { } d)
        {
            return start + neutralName.Replace('\0', d);
        }

        if (neutralName.Contains('\0', StringComparison.Ordinal))
        {
            throw new SyncException(
                $"Mailbox name {Display(neutralName)} is hierarchical but the {Side.Name()} namespace is flat.", Side, neutralName);
        }

        return start + neutralName;
    }

    /// <summary>
    /// LIST patterns (after the reference) for patterns in this side's delimiter: as given without a
    /// personal prefix; with one, the prefix before each, plus INBOX when a pattern can match it.
    /// </summary>
    public static List<string> ListPatterns(string personalPrefix, IEnumerable<string> patterns)
    {
        if (personalPrefix.Length == 0)
        {
            return [.. patterns];
        }

        var result = new List<string>();
        foreach (var pattern in patterns)
        {
            if (MatchesInbox(pattern) && !result.Contains("INBOX"))
            {
                result.Add("INBOX");
            }

            if (!IsInbox(pattern))
            {
                result.Add(personalPrefix + pattern);
            }
        }

        return result;
    }

    /// <summary>A printable form, with this side's delimiter (or '/') for NUL.</summary>
    public string Display(string neutralName) => neutralName.Replace('\0', Delimiter ?? '/');

    private string? PrefixedToNeutral(string serverName)
    {
        if (IsInbox(serverName))
        {
            return "INBOX";
        }

        if (!serverName.StartsWith(PersonalPrefix, StringComparison.Ordinal) || serverName.Length == PersonalPrefix.Length)
        {
            return null;
        }

        var name = serverName[PersonalPrefix.Length..];
        if (IsInbox(name))
        {
            throw new SyncException(
                $"The {Side.Name()} mailbox {serverName} would be read as INBOX once its personal namespace prefix {PersonalPrefix} is removed, "
                + $"so it cannot be told from the real INBOX. Nothing was changed. Rename it on the {Side.Name()} server, "
                + $"or set `personal-namespace = no` in [{Side.Name()}] to keep names as listed.",
                Side,
                serverName);
        }

        return WithNul(name);
    }

    private string WithNul(string name) => Delimiter is { } d ? name.Replace(d, '\0') : name;

    private static bool IsInbox(string name) => string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase);

    // IMAP LIST wildcards: '*' matches anything, '%' anything but the delimiter (INBOX has none).
    private static bool MatchesInbox(string pattern) => WildcardMatches(pattern, 0, "INBOX", 0);

    private static bool WildcardMatches(string pattern, int p, string text, int t)
    {
        if (p == pattern.Length)
        {
            return t == text.Length;
        }

        if (pattern[p] is '*' or '%')
        {
            for (var skip = t; skip <= text.Length; skip++)
            {
                if (WildcardMatches(pattern, p + 1, text, skip))
                {
                    return true;
                }
            }

            return false;
        }

        return t < text.Length && char.ToUpperInvariant(pattern[p]) == text[t] && WildcardMatches(pattern, p + 1, text, t + 1);
    }
}
