using System.Globalization;
using System.Text;

namespace ImapSync.Cli.Configuration;

/// <summary>
/// Splits a <c>list-mailbox</c> value into LIST patterns. Tokens are separated by white space; a
/// bare token is printable ASCII without space, <c>" ( ) \ {</c>; a double-quoted token may also hold
/// space, <c>( ) {</c> and the escapes <c>\" \\ \0 \a \b \t \n \v \f \r \xHH</c>. A NUL character in a
/// result stands for the server's hierarchy delimiter.
/// </summary>
internal static class ListMailboxParser
{
    public static IReadOnlyList<string> Parse(string value)
    {
        var patterns = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < value.Length && value[i] is ' ' or '\t')
            {
                i++;
            }

            if (i == value.Length)
            {
                break;
            }

            patterns.Add(value[i] == '"' ? ReadQuoted(value, ref i) : ReadBare(value, ref i));
            if (i < value.Length && value[i] is not (' ' or '\t'))
            {
                throw new FormatException($"missing space after a pattern at column {i + 1}");
            }
        }

        if (patterns.Count == 0)
        {
            throw new FormatException("no pattern");
        }

        return patterns;
    }

    private static string ReadBare(string value, ref int i)
    {
        var start = i;
        while (i < value.Length && value[i] is not (' ' or '\t'))
        {
            var c = value[i];
            if (c is < '\x21' or > '\x7e' or '"' or '(' or ')' or '\\' or '{')
            {
                throw new FormatException(
                    $"character '{Printable(c)}' at column {i + 1} is only allowed inside double quotes");
            }

            i++;
        }

        return value[start..i];
    }

    private static string ReadQuoted(string value, ref int i)
    {
        var start = i;
        i++; // opening quote
        var result = new StringBuilder();
        while (true)
        {
            if (i == value.Length)
            {
                throw new FormatException($"unterminated double quote starting at column {start + 1}");
            }

            var c = value[i++];
            if (c == '"')
            {
                return result.ToString();
            }

            if (c != '\\')
            {
                if (c is < '\x20' or > '\x7e')
                {
                    throw new FormatException($"character '{Printable(c)}' at column {i} is not allowed");
                }

                result.Append(c);
                continue;
            }

            if (i == value.Length)
            {
                throw new FormatException($"backslash at the end of column {i}");
            }

            var e = value[i++];
            result.Append(e switch
            {
                '"' => '"',
                '\\' => '\\',
                '0' => '\0',
                'a' => '\a',
                'b' => '\b',
                't' => '\t',
                'n' => '\n',
                'v' => '\v',
                'f' => '\f',
                'r' => '\r',
                'x' => ReadHexEscape(value, ref i),
                _ => throw new FormatException($"unknown escape '\\{Printable(e)}' at column {i - 1}"),
            });
        }
    }

    private static char ReadHexEscape(string value, ref int i)
    {
        if (i + 2 > value.Length
            || !byte.TryParse(value.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
        {
            throw new FormatException($"'\\x' at column {i - 1} must be followed by two hexadecimal digits");
        }

        if (b > 0x7f)
        {
            throw new FormatException(
                $"'\\x{value.Substring(i, 2)}' at column {i - 1} is not ASCII (mailbox names are modified UTF-7)");
        }

        i += 2;
        return (char)b;
    }

    private static string Printable(char c) =>
        c is < '\x20' or '\x7f' ? $"\\x{(int)c:X2}" : c.ToString();
}
