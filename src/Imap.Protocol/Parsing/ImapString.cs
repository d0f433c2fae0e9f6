using System.Text;

namespace Imap.Protocol.Parsing;

/// <summary>A string token viewed in place in the frame; copied out only on request.</summary>
internal readonly ref struct ImapString
{
    internal ImapString(ImapStringKind kind, ReadOnlySpan<byte> raw, bool hasEscapes = false, long streamedLength = 0)
    {
        Kind = kind;
        Raw = raw;
        HasEscapes = hasEscapes;
        StreamedLength = streamedLength;
    }

    /// <summary>How the string was sent.</summary>
    public ImapStringKind Kind { get; }

    /// <summary>The bytes as in the frame (quoted strings without the quotes, escapes not yet removed).</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>True when <see cref="Raw"/> contains backslash escapes to remove.</summary>
    public bool HasEscapes { get; }

    /// <summary>For <see cref="ImapStringKind.Streamed"/>: the payload length.</summary>
    public long StreamedLength { get; }

    /// <summary>True for NIL.</summary>
    public bool IsNil => Kind == ImapStringKind.Nil;

    /// <summary>The value bytes with escapes removed (a copy).</summary>
    public byte[] ToArray()
    {
        if (!HasEscapes)
            return Raw.ToArray();
        var result = new byte[Raw.Length];
        var length = Unescape(Raw, result);
        return result.AsSpan(0, length).ToArray();
    }

    /// <summary>The value decoded as UTF-8 (invalid sequences replaced); null for NIL.</summary>
    public string? ToStringOrNull() => IsNil ? null : ToString();

    /// <summary>The value decoded as UTF-8 (invalid sequences replaced); empty for NIL.</summary>
    public override string ToString()
    {
        if (!HasEscapes)
            return Encoding.UTF8.GetString(Raw);
        Span<byte> buffer = Raw.Length <= 256 ? stackalloc byte[Raw.Length] : new byte[Raw.Length];
        var length = Unescape(Raw, buffer);
        return Encoding.UTF8.GetString(buffer[..length]);
    }

    /// <summary>True when the value equals <paramref name="ascii"/> ignoring ASCII case (escapes must be absent).</summary>
    public bool EqualsIgnoreCase(ReadOnlySpan<byte> ascii) => !IsNil && !HasEscapes && Ascii.EqualsIgnoreCase(Raw, ascii);

    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
                b = raw[++i];
            destination[length++] = b;
        }
        return length;
    }
}
