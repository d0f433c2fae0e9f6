using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Imap.Protocol.Framing;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Stage two of reading: a forward-only reader over one complete frame (as found by
/// <see cref="ImapFrameScanner"/>). Tokens are views into the frame; numbers are parsed in place.
/// Errors throw <see cref="ImapProtocolException"/> with the stream offset and an escaped snippet.
/// </summary>
internal ref struct ImapResponseReader
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly ReadOnlySpan<StreamedLiteral> _streamed;
    private readonly long _streamOffset;
    private int _position;

    /// <summary>Creates a reader over one complete frame, including its final line end.</summary>
    /// <param name="frame">The frame bytes.</param>
    /// <param name="quirks">Tolerances for invalid input.</param>
    /// <param name="streamOffset">Stream offset of the frame's first byte, for error messages.</param>
    public ImapResponseReader(ReadOnlySpan<byte> frame, ImapQuirks quirks = ImapQuirks.None, long streamOffset = 0)
        : this(frame, quirks, streamOffset, default)
    {
    }

    internal ImapResponseReader(ReadOnlySpan<byte> frame, ImapQuirks quirks, long streamOffset, ReadOnlySpan<StreamedLiteral> streamed)
    {
        _frame = frame;
        Quirks = quirks;
        _streamOffset = streamOffset;
        _streamed = streamed;
        _position = 0;
    }

    /// <summary>The tolerances in effect.</summary>
    public ImapQuirks Quirks { get; }

    /// <summary>Offset of the next byte in the frame.</summary>
    public readonly int Position => _position;

    /// <summary>The whole frame.</summary>
    public readonly ReadOnlySpan<byte> Frame => _frame;

    /// <summary>True when the given quirk is enabled.</summary>
    public readonly bool Allows(ImapQuirks quirk) => (Quirks & quirk) != 0;

    /// <summary>The next byte, or 0 at the end of the frame.</summary>
    public readonly byte Peek() => _position < _frame.Length ? _frame[_position] : (byte)0;

    /// <summary>The byte after the next one, or 0.</summary>
    public readonly byte PeekAt(int ahead) => _position + ahead < _frame.Length ? _frame[_position + ahead] : (byte)0;

    /// <summary>True when the next bytes end the line (CRLF, or LF with <see cref="ImapQuirks.BareLineFeed"/>).</summary>
    public readonly bool AtLineEnd
    {
        get
        {
            var b = Peek();
            return b == (byte)'\r' ? PeekAt(1) == (byte)'\n' : b == (byte)'\n';
        }
    }

    /// <summary>Moves past <paramref name="count"/> bytes the caller has already examined.</summary>
    internal void Skip(int count) => _position += count;

    /// <summary>Reads an optionally negative number (tolerated in BODYSTRUCTURE sizes).</summary>
    internal long ReadSignedNumber()
    {
        var negative = TryRead((byte)'-');
        var value = (long)ReadNumber();
        return negative ? -value : value;
    }

    /// <summary>Consumes <paramref name="b"/> if it is next.</summary>
    public bool TryRead(byte b)
    {
        if (Peek() != b)
            return false;
        _position++;
        return true;
    }

    /// <summary>Consumes <paramref name="b"/> or fails.</summary>
    public void Expect(byte b)
    {
        if (Peek() != b)
            ThrowExpected(b);
        _position++;
    }

    /// <summary>Consumes exactly one SP.</summary>
    public void ReadSpace()
    {
        if (Peek() != (byte)' ')
            ThrowExpected((byte)' ');
        _position++;
    }

    /// <summary>Consumes <c>)</c>, allowing one space before it with <see cref="ImapQuirks.TrailingSpace"/>.</summary>
    public void ReadListEnd()
    {
        if (Peek() == (byte)' ' && PeekAt(1) == (byte)')' && Allows(ImapQuirks.TrailingSpace))
            _position++;
        Expect((byte)')');
    }

    /// <summary>
    /// True when the list continues: consumes the separating SP and returns true, or sees <c>)</c> (with an
    /// optional tolerated space) and returns false without consuming it.
    /// </summary>
    public bool NextListItem()
    {
        if (Peek() == (byte)')')
            return false;
        if (Peek() == (byte)' ' && PeekAt(1) == (byte)')' && Allows(ImapQuirks.TrailingSpace))
        {
            _position++;
            return false;
        }
        ReadSpace();
        return true;
    }

    /// <summary>Consumes the final line end (tolerating trailing spaces with the quirk); the frame must end there.</summary>
    public void ReadLineEnd()
    {
        if (Allows(ImapQuirks.TrailingSpace))
        {
            while (Peek() == (byte)' ')
                _position++;
        }
        if (Peek() == (byte)'\r' && PeekAt(1) == (byte)'\n')
            _position += 2;
        else if (Peek() == (byte)'\n')
            _position++;
        else
            Throw("Expected end of line");
        if (_position != _frame.Length)
            Throw("Bytes after the end of the response");
    }

    /// <summary>Reads an atom (1*ATOM-CHAR).</summary>
    public ReadOnlySpan<byte> ReadAtom() => ReadChars(CharClass.Atom, "Expected an atom");

    /// <summary>Reads a tag or a response keyword: atom characters including <c>]</c> (ASTRING-CHAR).</summary>
    public ReadOnlySpan<byte> ReadAStringChars() => ReadChars(CharClass.Atom | CharClass.AStringExtra, "Expected an atom");

    /// <summary>Reads a flag: <c>\</c>atom, <c>\*</c>, or a keyword atom.</summary>
    public ReadOnlySpan<byte> ReadFlag()
    {
        var start = _position;
        if (TryRead((byte)'\\'))
        {
            if (TryRead((byte)'*'))
                return _frame[start.._position];
        }
        ReadAtom();
        return _frame[start.._position];
    }

    private ReadOnlySpan<byte> ReadChars(byte classes, string error)
    {
        var start = _position;
        var controls = Allows(ImapQuirks.ControlCharactersInAtoms);
        while (_position < _frame.Length)
        {
            var b = _frame[_position];
            if (!CharClass.Is(b, classes) && !(controls && CharClass.Is(b, CharClass.Control)))
                break;
            _position++;
        }
        if (_position == start)
            Throw(error);
        return _frame[start.._position];
    }

    /// <summary>Reads a 32-bit unsigned number.</summary>
    public uint ReadNumber()
    {
        if (!IsDigit(Peek()) || !Utf8Parser.TryParse(_frame[_position..], out uint value, out var consumed))
            return ThrowNumber<uint>();
        _position += consumed;
        return value;
    }

    /// <summary>Reads a 64-bit unsigned number (mod-sequences).</summary>
    public ulong ReadNumber64()
    {
        if (!IsDigit(Peek()) || !Utf8Parser.TryParse(_frame[_position..], out ulong value, out var consumed))
            return ThrowNumber<ulong>();
        _position += consumed;
        return value;
    }

    /// <summary>Reads a non-zero 32-bit number; 0 passes only with <see cref="ImapQuirks.ZeroSequenceNumber"/>.</summary>
    public uint ReadNonZeroNumber()
    {
        var start = _position;
        var value = ReadNumber();
        if (value == 0 && !Allows(ImapQuirks.ZeroSequenceNumber))
            ThrowAt("Expected a non-zero number", start);
        return value;
    }

    /// <summary>Consumes <c>NIL</c> (any case) if it is next and not the start of a longer atom.</summary>
    public bool TryReadNil()
    {
        if (_position + 3 > _frame.Length || (_frame[_position] | 0x20) != 'n' || (_frame[_position + 1] | 0x20) != 'i'
            || (_frame[_position + 2] | 0x20) != 'l')
            return false;
        if (_position + 3 < _frame.Length && CharClass.IsAtom(_frame[_position + 3]))
            return false;
        _position += 3;
        return true;
    }

    /// <summary>Reads an <c>astring</c>: atom (with <c>]</c>), quoted string or literal.</summary>
    public ImapString ReadAString()
    {
        if (StartsString())
            return ReadString();
        return new ImapString(ImapStringKind.Atom, ReadAStringChars());
    }

    /// <summary>Reads an <c>astring</c> that may also contain list wildcards (LIST mailbox names).</summary>
    public ImapString ReadMailbox()
    {
        if (StartsString())
            return ReadString();
        return new ImapString(ImapStringKind.Atom,
            ReadChars(CharClass.Atom | CharClass.AStringExtra | CharClass.ListWildcard, "Expected a mailbox name"));
    }

    private readonly bool StartsString()
    {
        var b = Peek();
        return b == (byte)'"' || b == (byte)'{' || (b == (byte)'~' && PeekAt(1) == (byte)'{');
    }

    /// <summary>Reads an <c>nstring</c>: NIL, quoted string or literal.</summary>
    public ImapString ReadNString()
    {
        if (TryReadNil())
            return new ImapString(ImapStringKind.Nil, default);
        return ReadString();
    }

    /// <summary>Reads a <c>string</c>: quoted string or literal (<c>{n}</c>, <c>{n+}</c>, <c>~{n}</c>).</summary>
    public ImapString ReadString()
    {
        var b = Peek();
        if (b == (byte)'"')
            return ReadQuoted();
        if (b == (byte)'{' || (b == (byte)'~' && PeekAt(1) == (byte)'{'))
            return ReadLiteral();
        Throw("Expected a string");
        return default;
    }

    private ImapString ReadQuoted()
    {
        _position++;
        var start = _position;
        var escapes = false;
        while (true)
        {
            var remaining = _frame[_position..];
            var stop = remaining.IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
            if (stop < 0)
                Throw("Unterminated quoted string");
            _position += stop;
            var b = _frame[_position];
            if (b == (byte)'\\')
            {
                var escaped = PeekAt(1);
                if (escaped != (byte)'"' && escaped != (byte)'\\')
                    Throw("Invalid escape in quoted string");
                escapes = true;
                _position += 2;
                continue;
            }
            if (b == (byte)'\n')
                Throw("Line end inside a quoted string");
            if (Allows(ImapQuirks.UnescapedQuotes) && !EndsQuoted(PeekAt(1)))
            {
                _position++;
                continue;
            }
            var raw = _frame[start.._position];
            _position++;
            // NUL is refused as in {n} literals: a name "a\0b" must not reach a file system as "a/b".
            var forbidden = raw.IndexOfAny((byte)'\r', (byte)0);
            if (forbidden >= 0)
                ThrowAt(raw[forbidden] == 0 ? "NUL inside a quoted string" : "CR inside a quoted string", start + forbidden);
            return new ImapString(ImapStringKind.Quoted, raw, escapes);
        }
    }

    private static bool EndsQuoted(byte next) => next is (byte)' ' or (byte)')' or (byte)']' or (byte)'\r' or (byte)'\n' or 0;

    private ImapString ReadLiteral()
    {
        var binary = TryRead((byte)'~');
        Expect((byte)'{');
        var length = ReadNumber64();
        TryRead((byte)'+');
        Expect((byte)'}');
        if (!TryRead((byte)'\r') && !Allows(ImapQuirks.BareLineFeed))
            Throw("Expected CRLF after a literal announcement");
        Expect((byte)'\n');
        foreach (var streamed in _streamed)
        {
            if (streamed.Position == _position)
                return new ImapString(ImapStringKind.Streamed, default, streamedLength: streamed.Length);
        }
        if (length > (ulong)(_frame.Length - _position))
            Throw("Literal longer than the frame");
        var payload = _frame.Slice(_position, (int)length);
        if (!binary && payload.Contains((byte)0))
            Throw("NUL inside a {n} literal");
        _position += (int)length;
        return new ImapString(ImapStringKind.Literal, payload);
    }

    /// <summary>Reads the rest of the line as text (not including the line end).</summary>
    public ReadOnlySpan<byte> ReadTextToLineEnd()
    {
        var start = _position;
        var end = _frame[start..].IndexOf((byte)'\n');
        if (end < 0)
            Throw("Expected end of line");
        end += start;
        if (end > start && _frame[end - 1] == (byte)'\r')
            end--;
        _position = end;
        return _frame[start..end];
    }

    /// <summary>Skips one value of any shape (atom, number, string, NIL, nested list) with a nesting bound.</summary>
    public void SkipValue(int maxDepth)
    {
        var b = Peek();
        if (b == (byte)'(')
        {
            if (maxDepth <= 0)
                Throw("Lists nested too deeply");
            _position++;
            // Lists inside lists may follow each other without SP (body parts, addresses).
            while (Peek() != (byte)')')
            {
                SkipValue(maxDepth - 1);
                if (Peek() != (byte)'(' && !NextListItem())
                    break;
            }
            ReadListEnd();
        }
        else if (b == (byte)'"' || b == (byte)'{' || (b == (byte)'~' && PeekAt(1) == (byte)'{'))
            ReadString();
        else if (b == (byte)'\\')
            ReadFlag();
        else
        {
            ReadChars(CharClass.Atom | CharClass.AStringExtra | CharClass.ListWildcard, "Expected a value");
            if (Peek() == (byte)'[')
                SkipBracketed();
        }
    }

    /// <summary>Reads <c>[...]</c> (no nested brackets) and returns the content.</summary>
    public ReadOnlySpan<byte> ReadBracketed()
    {
        Expect((byte)'[');
        var start = _position;
        var end = _frame[start..].IndexOfAny((byte)']', (byte)'\n');
        if (end < 0 || _frame[start + end] != (byte)']')
            Throw("Unterminated [");
        _position = start + end + 1;
        return _frame.Slice(start, end);
    }

    private void SkipBracketed()
    {
        ReadBracketed();
        if (Peek() == (byte)'<')
        {
            _position++;
            ReadNumber();
            Expect((byte)'>');
        }
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>Fails at the current position.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void Throw(string message) => ThrowHelper.Syntax(message, _frame, _position, _streamOffset);

    /// <summary>Fails at the current position (expression form).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly T Throw<T>(string message) => ThrowHelper.Syntax<T>(message, _frame, _position, _streamOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowAt(string message, int position) => ThrowHelper.Syntax(message, _frame, position, _streamOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowExpected(byte b) =>
        ThrowHelper.Syntax(b == (byte)' ' ? "Expected SP" : $"Expected '{(char)b}'", _frame, _position, _streamOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly T ThrowNumber<T>() => ThrowHelper.Syntax<T>("Expected a number", _frame, _position, _streamOffset);
}
