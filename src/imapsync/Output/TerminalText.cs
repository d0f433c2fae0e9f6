using System.Buffers;
using System.Globalization;
using System.Text;

namespace ImapSync.Cli.Output;

/// <summary>
/// Makes text from a server safe to print: control characters (C0 including CR, LF and ESC, DEL, C1)
/// and the Unicode characters that reorder or break lines (bidi embeddings, overrides and isolates,
/// line and paragraph separators) become visible escapes such as <c>\x1b</c>, <c>\r</c> or
/// <c>\u202e</c>, so a hostile server can neither drive the terminal nor forge a log line.
/// </summary>
internal static class TerminalText
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(UnsafeCharacters());

    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!IsUnsafe(c))
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\r' => @"\r",
                '\n' => @"\n",
                '\t' => @"\t",
                < '\u0100' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }

        return escaped.ToString();
    }

    private static bool IsUnsafe(char c) => Unsafe.Contains(c);

    private static string UnsafeCharacters()
    {
        var set = new StringBuilder();
        for (var c = '\0'; c < ' '; c++)
        {
            set.Append(c);
        }

        for (var c = '\u007f'; c <= '\u009f'; c++)
        {
            set.Append(c);
        }

        // Arabic letter mark, LRM/RLM, line/paragraph separators, embeddings/overrides, isolates.
        return set.Append("\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069").ToString();
    }
}
