using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Imap.Protocol.Commands;

/// <summary>Low-level writers of IMAP tokens straight into an <see cref="IBufferWriter{T}"/>.</summary>
internal static class ImapWire
{
    // ATOM-CHAR: CHAR except atom-specials ( ) { SP CTL % * " \ ]
    private static readonly SearchValues<char> s_atomChars = SearchValues.Create(
        "!#$&'+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[^_`abcdefghijklmnopqrstuvwxyz|}~");

    // ASTRING-CHAR adds resp-specials "]".
    private static readonly SearchValues<char> s_astringChars = SearchValues.Create(
        "!#$&'+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz|}~");

    // list-char adds list-wildcards "%" and "*".
    private static readonly SearchValues<char> s_listChars = SearchValues.Create(
        "!#$%&'*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz|}~");

    /// <summary>Quoted strings longer than this become literals (keeps lines short).</summary>
    public const int MaxQuotedLength = 1024;

    /// <summary>How a string argument is sent.</summary>
    public enum StringForm
    {
        /// <summary>A bare atom.</summary>
        Atom,

        /// <summary>A double-quoted string.</summary>
        Quoted,

        /// <summary>A literal.</summary>
        Literal,
    }

    /// <summary>The cheapest legal form for an astring (or, with <paramref name="listChars"/>, a list-mailbox).</summary>
    public static StringForm Classify(string value, bool allowAtom = true, bool listChars = false, bool utf8Quoted = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (allowAtom && value.Length > 0 && !value.AsSpan().ContainsAnyExcept(listChars ? s_listChars : s_astringChars)
            && !value.Equals("NIL", StringComparison.OrdinalIgnoreCase))
        {
            return StringForm.Atom;
        }
        if (value.Length > MaxQuotedLength)
        {
            return StringForm.Literal;
        }
        foreach (var c in value)
        {
            if (c is '\0' or '\r' or '\n' || (c > 0x7F && !utf8Quoted))
            {
                return StringForm.Literal;
            }
        }
        return StringForm.Quoted;
    }

    /// <summary>
    /// True when <paramref name="value"/> can be sent as a flag: a system flag (<c>\Seen</c>) or a keyword,
    /// an atom after the optional backslash (<c>]</c> allowed too, as servers keep such keywords). Nothing
    /// that could end the flag list or the command (space, parentheses, quotes, CR, LF) gets through.
    /// </summary>
    public static bool IsFlag(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.StartsWith('\\') ? value.AsSpan(1) : value.AsSpan();
        return !name.IsEmpty && !name.ContainsAnyExcept(s_astringChars);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for the first of <paramref name="flags"/> that is not <see cref="IsFlag"/>.</summary>
    public static void CheckFlags(IEnumerable<string> flags, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(flags);
        foreach (var flag in flags)
        {
            if (!IsFlag(flag))
            {
                throw new ArgumentException($"Not an IMAP flag or keyword: \"{flag}\"", parameterName);
            }
        }
    }

    /// <summary>The index of the first character outside printable ASCII (0x20 to 0x7E), or -1.</summary>
    public static int FirstNonPrintable(string text) => text.AsSpan().IndexOfAnyExceptInRange(' ', '~');

    /// <summary>True when <paramref name="value"/> is a legal atom.</summary>
    public static bool IsAtom(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExcept(s_atomChars);

    /// <summary>Writes ASCII text as is (verbs, atoms already checked).</summary>
    public static void WriteAscii(IBufferWriter<byte> writer, string text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(text);
        var span = writer.GetSpan(text.Length);
        var n = Encoding.ASCII.GetBytes(text, span);
        writer.Advance(n);
    }

    /// <summary>Writes raw bytes.</summary>
    public static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(bytes);
    }

    /// <summary>Writes a number in decimal.</summary>
    public static void WriteNumber(IBufferWriter<byte> writer, ulong value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var n);
        writer.Advance(n);
    }

    /// <summary>Writes a quoted string, escaping <c>"</c> and <c>\</c>.</summary>
    public static void WriteQuoted(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var span = writer.GetSpan(bytes.Length * 2 + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                span[n++] = (byte)'\\';
            }
            span[n++] = b;
        }
        span[n++] = (byte)'"';
        writer.Advance(n);
    }

    /// <summary>Writes a literal header <c>{n}</c> or <c>{n+}</c> and its CRLF.</summary>
    public static void WriteLiteralHeader(IBufferWriter<byte> writer, long length, bool nonSynchronizing)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("{"u8);
        WriteNumber(writer, (ulong)length);
        writer.Write(nonSynchronizing ? "+}\r\n"u8 : "}\r\n"u8);
    }
}
