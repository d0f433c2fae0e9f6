using System.Text;

namespace Imap.Testing;

/// <summary>
/// RFC 3501 §5.1.3 mailbox name encoding, kept independent of Imap.Protocol so the fixture never
/// relies on the code it tests.
/// </summary>
internal static class ModifiedUtf7
{
    public static string Encode(string name)
    {
        var sb = new StringBuilder();
        var pending = new StringBuilder();
        foreach (var c in name)
        {
            if (c is >= ' ' and <= '~')
            {
                Flush(sb, pending);
                sb.Append(c == '&' ? "&-" : c.ToString());
            }
            else
            {
                pending.Append(c);
            }
        }

        Flush(sb, pending);
        return sb.ToString();
    }

    public static string Decode(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '&')
            {
                sb.Append(name[i]);
                continue;
            }

            var end = name.IndexOf('-', i + 1);
            if (end < 0)
            {
                throw new FormatException($"unterminated modified UTF-7 in '{name}'");
            }

            if (end == i + 1)
            {
                sb.Append('&');
            }
            else
            {
                var base64 = name[(i + 1)..end].Replace(',', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                sb.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(base64)));
            }

            i = end;
        }

        return sb.ToString();
    }

    private static void Flush(StringBuilder sb, StringBuilder pending)
    {
        if (pending.Length == 0)
        {
            return;
        }

        var base64 = Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes(pending.ToString()))
            .TrimEnd('=').Replace('/', ',');
        sb.Append('&').Append(base64).Append('-');
        pending.Clear();
    }
}
