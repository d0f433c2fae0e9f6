using System.Globalization;
using Imap.Protocol.Commands;

namespace Imap.Protocol.Model;

/// <summary>
/// A UID SEARCH criterion (RFC 3501 section 6.4.4, RFC 7162 MODSEQ), checked when it is made and encoded
/// straight into the command: UID sets as compact ranges, strings as atom, quoted string or literal,
/// whichever is legal and cheapest, so no caller text can end the command early. Combine keys with
/// <see cref="And(SearchKey[])"/>, <see cref="Or"/> and <see cref="Not"/>.
/// </summary>
/// <example><c>SearchKey.And(SearchKey.Uid(uids), SearchKey.LacksFlag(ImapFlag.Seen))</c> sends <c>(UID 1:5 UNSEEN)</c>.</example>
public sealed class SearchKey
{
    private static readonly SearchKey[] s_none = [];

    // The verbs of the keys with an argument, made once: a key captures its verb, and "X"u8.ToArray() in
    // each factory call copied it into a new array every time.
    private static readonly byte[] s_subject = "SUBJECT "u8.ToArray();
    private static readonly byte[] s_from = "FROM "u8.ToArray();
    private static readonly byte[] s_text = "TEXT "u8.ToArray();
    private static readonly byte[] s_since = "SINCE "u8.ToArray();
    private static readonly byte[] s_before = "BEFORE "u8.ToArray();
    private static readonly byte[] s_sentSince = "SENTSINCE "u8.ToArray();
    private static readonly byte[] s_sentBefore = "SENTBEFORE "u8.ToArray();
    private readonly Action<ImapCommandBuilder> _write;
    private readonly SearchKey[] _children;
    private readonly string? _text; // the key's own string argument, if any

    private SearchKey(Action<ImapCommandBuilder> write, SearchKey[]? children = null, string? text = null)
    {
        _write = write;
        _children = children ?? s_none;
        _text = text;
    }

    /// <summary>Every message: <c>ALL</c>.</summary>
    public static SearchKey All { get; } = new(b => b.Raw("ALL"u8));

    /// <summary>True when a string argument holds non-ASCII text, so the command must say <c>CHARSET UTF-8</c> (unless UTF8=ACCEPT is enabled).</summary>
    internal bool NeedsUtf8 => (_text is not null && !System.Text.Ascii.IsValid(_text)) || _children.Any(c => c.NeedsUtf8);

    /// <summary>The messages whose UIDs are in <paramref name="uids"/>: <c>UID 1:5,7</c>.</summary>
    /// <exception cref="ArgumentException">The set is empty (it cannot be sent).</exception>
    public static SearchKey Uid(UidSet uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        if (uids.IsEmpty)
        {
            throw new ArgumentException("An empty UID set cannot be searched", nameof(uids));
        }
        return new(b => b.Raw("UID "u8).Uids(uids));
    }

    /// <summary>
    /// The messages from UID <paramref name="first"/> on: <c>UID n:*</c>. As IMAP defines <c>*</c>, the
    /// server includes the message with the highest UID even when that UID is below <paramref name="first"/>.
    /// </summary>
    public static SearchKey UidFrom(Uid first) => new(b => b.Raw("UID "u8).Number(first.Value).Raw(":*"u8));

    /// <summary>The messages whose mod-sequence is at least <paramref name="modSeq"/>: <c>MODSEQ n</c> (CONDSTORE).</summary>
    public static SearchKey ModSeqAtLeast(ModSeq modSeq) => new(b => b.Raw("MODSEQ "u8).Number(modSeq.Value));

    /// <summary>The messages with <paramref name="flag"/>: <c>SEEN</c>, <c>FLAGGED</c>…, or <c>KEYWORD k</c>.</summary>
    /// <exception cref="ArgumentException">The flag could not be sent as one.</exception>
    public static SearchKey HasFlag(ImapFlag flag) => FlagKey(flag, set: true);

    /// <summary>The messages without <paramref name="flag"/>: <c>UNSEEN</c>, <c>UNFLAGGED</c>…, or <c>UNKEYWORD k</c>.</summary>
    /// <exception cref="ArgumentException">The flag could not be sent as one.</exception>
    public static SearchKey LacksFlag(ImapFlag flag) => FlagKey(flag, set: false);

    /// <summary>The messages whose header <paramref name="field"/> contains <paramref name="value"/> (<c>""</c>: that have the field).</summary>
    /// <exception cref="ArgumentException">The field name is empty or not printable ASCII, or a string holds NUL.</exception>
    public static SearchKey Header(string field, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (ImapWire.FirstNonPrintable(field) >= 0 || field.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not a header field name: \"{field}\"", nameof(field));
        }
        CheckText(value, nameof(value));
        return new(b => b.Raw("HEADER "u8).AString(field).Space().AString(value), text: value);
    }

    /// <summary>The messages whose Subject contains <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text holds NUL.</exception>
    public static SearchKey Subject(string text) => TextKey(s_subject, text);

    /// <summary>The messages whose From contains <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text holds NUL.</exception>
    public static SearchKey From(string text) => TextKey(s_from, text);

    /// <summary>The messages whose header or body contains <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text holds NUL.</exception>
    public static SearchKey Text(string text) => TextKey(s_text, text);

    /// <summary>The messages whose internal date is on or after <paramref name="date"/>: <c>SINCE 1-Feb-2024</c>.</summary>
    public static SearchKey Since(DateOnly date) => DateKey(s_since, date);

    /// <summary>The messages whose internal date is before <paramref name="date"/>: <c>BEFORE 1-Feb-2024</c>.</summary>
    public static SearchKey Before(DateOnly date) => DateKey(s_before, date);

    /// <summary>The messages whose Date header is on or after <paramref name="date"/>: <c>SENTSINCE 1-Feb-2024</c>.</summary>
    public static SearchKey SentSince(DateOnly date) => DateKey(s_sentSince, date);

    /// <summary>The messages whose Date header is before <paramref name="date"/>: <c>SENTBEFORE 1-Feb-2024</c>.</summary>
    public static SearchKey SentBefore(DateOnly date) => DateKey(s_sentBefore, date);

    /// <summary>The messages larger than <paramref name="octets"/>: <c>LARGER n</c>.</summary>
    public static SearchKey Larger(uint octets) => new(b => b.Raw("LARGER "u8).Number(octets));

    /// <summary>The messages smaller than <paramref name="octets"/>: <c>SMALLER n</c>.</summary>
    public static SearchKey Smaller(uint octets) => new(b => b.Raw("SMALLER "u8).Number(octets));

    /// <summary>The messages that do not match <paramref name="key"/>: <c>NOT k</c>.</summary>
    public static SearchKey Not(SearchKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(b => key.WriteTo(b.Raw("NOT "u8)), [key]);
    }

    /// <summary>The messages that match either key: <c>OR a b</c>.</summary>
    public static SearchKey Or(SearchKey first, SearchKey second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return new(b =>
        {
            first.WriteTo(b.Raw("OR "u8));
            second.WriteTo(b.Space());
        }, [first, second]);
    }

    /// <summary>The messages that match every key: <c>(a b …)</c>; one key is itself.</summary>
    /// <exception cref="ArgumentException">No key is given.</exception>
    public static SearchKey And(params SearchKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0 || Array.IndexOf(keys, null) >= 0)
        {
            throw new ArgumentException("And needs at least one key, and no null", nameof(keys));
        }
        if (keys.Length == 1)
        {
            return keys[0];
        }
        SearchKey[] all = [.. keys];
        return new(b =>
        {
            b.Raw("("u8);
            for (var i = 0; i < all.Length; i++)
            {
                all[i].WriteTo(i == 0 ? b : b.Space());
            }
            b.Raw(")"u8);
        }, all);
    }

    /// <summary>The key as the command sends it (literals summarized by size), for logs and tests.</summary>
    public override string ToString()
    {
        var builder = new ImapCommandBuilder("SEARCH", ""u8);
        WriteTo(builder);
        return builder.Build(Pipelining.Independent).ToString();
    }

    /// <summary>Writes the key into a command being built.</summary>
    internal void WriteTo(ImapCommandBuilder builder) => _write(builder);

    private static SearchKey FlagKey(ImapFlag flag, bool set)
    {
        if (flag.Name is null || !ImapWire.IsFlag(flag.Name))
        {
            throw new ArgumentException($"Not an IMAP flag: \"{flag.Name}\"", nameof(flag));
        }
        var system = flag.System switch
        {
            SystemFlags.Seen => set ? "SEEN" : "UNSEEN",
            SystemFlags.Answered => set ? "ANSWERED" : "UNANSWERED",
            SystemFlags.Flagged => set ? "FLAGGED" : "UNFLAGGED",
            SystemFlags.Deleted => set ? "DELETED" : "UNDELETED",
            SystemFlags.Draft => set ? "DRAFT" : "UNDRAFT",
            SystemFlags.Recent => set ? "RECENT" : "OLD",
            _ => null,
        };
        if (system is not null)
        {
            return new(b => b.Atom(system));
        }
        if (flag.Name.StartsWith('\\'))
        {
            throw new ArgumentException($"Not a system flag IMAP can search for: \"{flag.Name}\"", nameof(flag));
        }
        var name = flag.Name; // checked above: astring characters only
        return new(b => b.Raw(set ? "KEYWORD "u8 : "UNKEYWORD "u8).Ascii(name));
    }

    private static SearchKey TextKey(byte[] verb, string text)
    {
        CheckText(text, nameof(text));
        return new(b => b.Raw(verb).AString(text), text: text);
    }

    private static SearchKey DateKey(byte[] verb, DateOnly date)
    {
        var text = date.ToString("d-MMM-yyyy", CultureInfo.InvariantCulture);
        return new(b => b.Raw(verb).Ascii(text));
    }

    private static void CheckText(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("NUL cannot be sent in an IMAP string", parameterName);
        }
    }
}
