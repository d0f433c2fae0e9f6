using System.Buffers;
using System.Globalization;
using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>
/// Builds one command's bytes: verbs and arguments go straight into a buffer, strings take the
/// cheapest legal form, and literals follow the server's LITERAL+/LITERAL- policy.
/// </summary>
internal sealed class ImapCommandBuilder
{
    private readonly ImapLiteralPolicy _policy;
    private readonly bool _utf8Quoted;
    private readonly List<ImapCommandSegment> _segments = [];
    private ArrayBufferWriter<byte> _line = new(64);
    private bool _sensitive;

    /// <summary>Starts a command whose first token is <paramref name="verb"/>.</summary>
    /// <param name="name">Name used in errors and traces.</param>
    /// <param name="verb">The command verb(s) in ASCII, e.g. <c>"UID FETCH"u8</c>.</param>
    /// <param name="policy">Literal policy from the server's capabilities.</param>
    /// <param name="utf8Quoted">True once UTF8=ACCEPT is enabled: quoted strings may hold UTF-8.</param>
    public ImapCommandBuilder(string name, ReadOnlySpan<byte> verb, ImapLiteralPolicy? policy = null, bool utf8Quoted = false)
    {
        Name = name;
        _policy = policy ?? ImapLiteralPolicy.Synchronizing;
        _utf8Quoted = utf8Quoted;
        _line.Write(verb);
    }

    /// <summary>True once UTF8=ACCEPT is enabled: quoted strings may hold UTF-8.</summary>
    public bool Utf8Quoted => _utf8Quoted;

    /// <summary>Command name for errors.</summary>
    public string Name { get; }

    /// <summary>The writer for the current line, for callers that format their own tokens.</summary>
    public IBufferWriter<byte> Writer => _line;

    /// <summary>Marks the command as carrying credentials (redacted in traces).</summary>
    public ImapCommandBuilder Sensitive()
    {
        _sensitive = true;
        return this;
    }

    /// <summary>Writes raw bytes (keywords, parentheses, pre-formatted items).</summary>
    public ImapCommandBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _line.Write(bytes);
        return this;
    }

    /// <summary>Writes a space.</summary>
    public ImapCommandBuilder Space() => Raw(" "u8);

    /// <summary>Writes an atom; throws when the text is not a legal atom.</summary>
    public ImapCommandBuilder Atom(string atom)
    {
        if (!ImapWire.IsAtom(atom))
        {
            throw new ArgumentException($"Not an IMAP atom: {atom}", nameof(atom));
        }
        ImapWire.WriteAscii(_line, atom);
        return this;
    }

    /// <summary>
    /// Writes text put together elsewhere (search criteria, FETCH sections, NOTIFY events, LIST options).
    /// Only printable ASCII goes through: a CR or LF would end the command early and what follows would run
    /// as a command of its own; NUL and other controls are not IMAP; a non-ASCII character would be sent as '?'.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds anything else.</exception>
    public ImapCommandBuilder Ascii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ImapWire.FirstNonPrintable(text) is var at and >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}: character U+{(int)text[at]:X4} at {at} cannot be sent in a command line (printable ASCII only)"), nameof(text));
        }
        ImapWire.WriteAscii(_line, text);
        return this;
    }

    /// <summary>Writes a UID set in its compact form (<c>1:5,7</c>), formatted straight into the buffer.</summary>
    public ImapCommandBuilder Uids(UidSet uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        uids.WriteTo(_line);
        return this;
    }

    /// <summary>Writes a parenthesized flag list; throws when a flag could not be sent as one (see <see cref="ImapWire.IsFlag"/>).</summary>
    public ImapCommandBuilder FlagList(IReadOnlyCollection<string> flags)
    {
        ImapWire.CheckFlags(flags, nameof(flags));
        _line.Write("("u8);
        var first = true;
        foreach (var flag in flags)
        {
            if (!first)
            {
                _line.Write(" "u8);
            }
            first = false;
            ImapWire.WriteAscii(_line, flag);
        }
        _line.Write(")"u8);
        return this;
    }

    /// <summary>Writes a decimal number.</summary>
    public ImapCommandBuilder Number(ulong value)
    {
        ImapWire.WriteNumber(_line, value);
        return this;
    }

    /// <summary>Writes an astring: atom, quoted string or literal, whichever is cheapest.</summary>
    public ImapCommandBuilder AString(string value) => StringArgument(value, allowAtom: true, listChars: false);

    /// <summary>Writes a string (quoted or literal, never an atom).</summary>
    public ImapCommandBuilder QuotedOrLiteral(string value) => StringArgument(value, allowAtom: false, listChars: false);

    /// <summary>Writes NIL or a string.</summary>
    public ImapCommandBuilder NString(string? value) => value is null ? Raw("NIL"u8) : QuotedOrLiteral(value);

    /// <summary>Writes a LIST pattern (wildcards allowed in the atom form).</summary>
    public ImapCommandBuilder ListMailbox(string pattern) => StringArgument(pattern, allowAtom: true, listChars: true);

    /// <summary>Writes a mailbox name: modified UTF-7, or UTF-8 once UTF8=ACCEPT is enabled.</summary>
    public ImapCommandBuilder Mailbox(MailboxName mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return AString(_utf8Quoted ? mailbox.Name : mailbox.Wire);
    }

    /// <summary>Writes a LIST reference name, encoded as <see cref="Mailbox"/> does.</summary>
    public ImapCommandBuilder MailboxReference(string reference) => AString(_utf8Quoted ? reference : ModifiedUtf7.Encode(reference));

    /// <summary>Writes a LIST pattern, encoded as <see cref="Mailbox"/> does (wildcards kept).</summary>
    public ImapCommandBuilder MailboxPattern(string pattern) => ListMailbox(_utf8Quoted ? pattern : ModifiedUtf7.Encode(pattern));

    /// <summary>Writes a literal; message bodies may be forced synchronizing by the policy.</summary>
    public ImapCommandBuilder Literal(ImapLiteral literal, bool isMessageBody = false)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var nonSync = _policy.IsNonSynchronizing(literal.Length, isMessageBody);
        ImapWire.WriteLiteralHeader(_line, literal.Length, nonSync);
        _segments.Add(new ImapCommandSegment(_line.WrittenMemory, literal, !nonSync));
        _line = new ArrayBufferWriter<byte>(64);
        return this;
    }

    /// <summary>Ends the command with CRLF.</summary>
    /// <param name="pipelining">What the command declares about sharing the connection.</param>
    public ImapCommand Build(Pipelining pipelining)
    {
        _line.Write("\r\n"u8);
        _segments.Add(new ImapCommandSegment(_line.WrittenMemory, null, false));
        return new ImapCommand(Name, _segments.ToArray(), _sensitive, pipelining);
    }

    private ImapCommandBuilder StringArgument(string value, bool allowAtom, bool listChars)
    {
        switch (ImapWire.Classify(value, allowAtom, listChars, _utf8Quoted))
        {
            case ImapWire.StringForm.Atom:
                ImapWire.WriteAscii(_line, value);
                return this;
            case ImapWire.StringForm.Quoted:
                ImapWire.WriteQuoted(_line, value);
                return this;
            default:
                return Literal(ImapLiteral.FromMemory(Encoding.UTF8.GetBytes(value)));
        }
    }
}
