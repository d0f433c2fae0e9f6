using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Imap.Protocol.Model;

/// <summary>
/// Modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself, <c>&amp;</c> is
/// written <c>&amp;-</c>, anything else is UTF-16BE in base64 (with <c>,</c> for <c>/</c>) between <c>&amp;</c> and <c>-</c>.
/// </summary>
public static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a Unicode mailbox name in the canonical modified UTF-7 form.</summary>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length;)
        {
            var c = name[i];
            if (c == '&')
            {
                builder.Append("&-");
                i++;
            }
            else if (c is >= (char)0x20 and <= (char)0x7e)
            {
                builder.Append(c);
                i++;
            }
            else
            {
                var start = i;
                while (i < name.Length && name[i] is < (char)0x20 or > (char)0x7e)
                    i++;
                builder.Append('&');
                AppendBase64(builder, name.AsSpan(start, i - start));
                builder.Append('-');
            }
        }
        return builder.ToString();
    }

    private static void AppendBase64(StringBuilder builder, ReadOnlySpan<char> chars)
    {
        int bits = 0, bitCount = 0;
        foreach (var c in chars)
        {
            bits = (bits << 16) | c;
            bitCount += 16;
            while (bitCount >= 6)
            {
                bitCount -= 6;
                builder.Append(Alphabet[(bits >> bitCount) & 0x3f]);
            }
            bits &= (1 << bitCount) - 1;
        }
        if (bitCount > 0)
            builder.Append(Alphabet[(bits << (6 - bitCount)) & 0x3f]);
    }

    /// <summary>Decodes a modified UTF-7 name; non-canonical but unambiguous forms are accepted.</summary>
    /// <exception cref="FormatException">The name is not modified UTF-7.</exception>
    public static string Decode(string encoded)
    {
        if (!TryDecode(encoded, out var name))
            throw new FormatException("Not a modified UTF-7 mailbox name.");
        return name;
    }

    /// <summary>Decodes a modified UTF-7 name; false when it is not one (unterminated or bad base64).</summary>
    public static bool TryDecode(string encoded, [NotNullWhen(true)] out string? name)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        name = null;
        if (!encoded.Contains('&', StringComparison.Ordinal))
        {
            name = encoded;
            return true;
        }
        var builder = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c != '&')
            {
                builder.Append(c);
                continue;
            }
            var end = encoded.IndexOf('-', i + 1);
            if (end < 0)
                return false;
            if (end == i + 1)
                builder.Append('&');
            else if (!TryAppendDecoded(builder, encoded.AsSpan(i + 1, end - i - 1)))
                return false;
            i = end;
        }
        name = builder.ToString();
        return true;
    }

    private static bool TryAppendDecoded(StringBuilder builder, ReadOnlySpan<char> base64)
    {
        int bits = 0, bitCount = 0;
        foreach (var c in base64)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
                return false;
            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 16)
            {
                bitCount -= 16;
                builder.Append((char)((bits >> bitCount) & 0xffff));
                bits &= (1 << bitCount) - 1;
            }
        }
        // Leftover bits are padding: fewer than 6 and all zero in a well-formed name.
        return bitCount < 6 && bits == 0;
    }
}
