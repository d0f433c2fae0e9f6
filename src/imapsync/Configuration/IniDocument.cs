using System.Text.RegularExpressions;

namespace ImapSync.Cli.Configuration;

/// <summary>
/// An INI file read with InterIMAP's (Config::Tiny's) rules: <c>#</c>/<c>;</c> comment lines,
/// inline comments <c> ; ...</c> stripped everywhere (values included), <c>[ name ]</c> headers,
/// <c>key = value</c> with both sides trimmed, no quoting, the last repeated key wins.
/// Unlike Config::Tiny, a syntax error is reported with its line instead of "no such section".
/// </summary>
internal sealed partial class IniDocument
{
    /// <summary>Name of the section holding the keys written before any header.</summary>
    public const string DefaultSection = "_";

    private readonly Dictionary<string, Dictionary<string, IniEntry>> _sections = new(StringComparer.Ordinal);

    private IniDocument(string path) => Path = path;

    public string Path { get; }

    public bool HasSection(string name) => _sections.ContainsKey(name);

    public IReadOnlyCollection<string> SectionNames => _sections.Keys;

    /// <summary>The keys of a section in file order (a repeated key keeps its last value and line).</summary>
    public IReadOnlyList<IniEntry> Entries(string section) =>
        _sections.TryGetValue(section, out var keys) ? [.. keys.Values.OrderBy(e => e.Line)] : [];

    public static IniDocument Parse(string text, string path)
    {
        var doc = new IniDocument(path);
        var section = DefaultSection;
        doc._sections[section] = new Dictionary<string, IniEntry>(StringComparer.Ordinal);
        var lines = LineBreak().Split(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i];
            if (CommentOrBlank().IsMatch(line))
            {
                continue;
            }

            line = InlineComment().Replace(line, string.Empty);
            var header = SectionHeader().Match(line);
            if (header.Success)
            {
                section = header.Groups[1].Value;
                if (!doc._sections.ContainsKey(section))
                {
                    doc._sections[section] = new Dictionary<string, IniEntry>(StringComparer.Ordinal);
                }

                continue;
            }

            var property = Property().Match(line);
            if (!property.Success)
            {
                throw new ConfigException(path, lineNumber, null,
                    "syntax error: expected '[section]' or 'key = value'");
            }

            var key = property.Groups[1].Value;
            doc._sections[section][key] = new IniEntry(key, property.Groups[2].Value, section, lineNumber);
        }

        return doc;
    }

    [GeneratedRegex(@"\r\n|\r\r\n|\r|\n")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"^\s*(?:#|;|$)")]
    private static partial Regex CommentOrBlank();

    [GeneratedRegex(@"\s;\s.+$")]
    private static partial Regex InlineComment();

    [GeneratedRegex(@"^\s*\[\s*(.+?)\s*\]\s*$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^\s*([^=]+?)\s*=\s*(.*?)\s*$")]
    private static partial Regex Property();
}
