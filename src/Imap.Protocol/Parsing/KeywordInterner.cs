using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Interns keyword strings and sorted keyword arrays, so parsing the flags of many messages allocates
/// once per distinct keyword and once per distinct keyword combination. Bounded against hostile servers.
/// </summary>
internal sealed class KeywordInterner
{
    private const int MaxEntries = 4096;

    private readonly Dictionary<string, string> _keywords = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string[], string[]> _combinations = new(KeywordArrayComparer.Instance);
    private readonly List<string> _scratch = [];

    /// <summary>The keyword spelled by <paramref name="ascii"/>, interned case-insensitively.</summary>
    internal string Intern(ReadOnlySpan<byte> ascii)
    {
        Span<char> chars = ascii.Length <= 128 ? stackalloc char[ascii.Length] : new char[ascii.Length];
        var count = Encoding.UTF8.GetChars(ascii, chars);
        chars = chars[..count];
        var lookup = _keywords.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var existing))
            return existing;
        var keyword = new string(chars);
        if (_keywords.Count < MaxEntries)
            _keywords.Add(keyword, keyword);
        return keyword;
    }

    /// <summary>Starts collecting the keywords of one flag list.</summary>
    internal void Begin() => _scratch.Clear();

    /// <summary>Adds one keyword to the list being collected.</summary>
    internal void Add(string keyword)
    {
        foreach (var existing in _scratch)
        {
            if (string.Equals(existing, keyword, StringComparison.OrdinalIgnoreCase))
                return;
        }
        _scratch.Add(keyword);
    }

    /// <summary>The collected keywords as a shared sorted array (null when none).</summary>
    internal string[]? Complete()
    {
        if (_scratch.Count == 0)
            return null;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_scratch);
        SortIgnoreCase(span);
        var lookup = _combinations.GetAlternateLookup<ReadOnlySpan<string>>();
        if (lookup.TryGetValue(span, out var existing))
            return existing;
        var array = span.ToArray();
        if (_combinations.Count < MaxEntries)
            _combinations.Add(array, array);
        return array;
    }

    // Insertion sort: keyword lists are short, and List.Sort with a comparer allocates a delegate per call.
    private static void SortIgnoreCase(Span<string> keywords)
    {
        for (var i = 1; i < keywords.Length; i++)
        {
            var current = keywords[i];
            var j = i - 1;
            while (j >= 0 && string.Compare(keywords[j], current, StringComparison.OrdinalIgnoreCase) > 0)
            {
                keywords[j + 1] = keywords[j];
                j--;
            }
            keywords[j + 1] = current;
        }
    }

    private sealed class KeywordArrayComparer : IEqualityComparer<string[]>, IAlternateEqualityComparer<ReadOnlySpan<string>, string[]>
    {
        internal static readonly KeywordArrayComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && Equals(x.AsSpan(), y);

        public int GetHashCode(string[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<string> alternate, string[] other)
        {
            if (alternate.Length != other.Length)
                return false;
            for (var i = 0; i < alternate.Length; i++)
            {
                // Interned keywords compare by reference; non-interned ones (past the bound) by value.
                if (!ReferenceEquals(alternate[i], other[i]) && !string.Equals(alternate[i], other[i], StringComparison.OrdinalIgnoreCase))
                    return false;
            }
            return true;
        }

        public int GetHashCode(ReadOnlySpan<string> alternate)
        {
            var hash = new HashCode();
            foreach (var keyword in alternate)
                hash.Add(keyword, StringComparer.OrdinalIgnoreCase);
            return hash.ToHashCode();
        }

        public string[] Create(ReadOnlySpan<string> alternate) => alternate.ToArray();
    }
}
