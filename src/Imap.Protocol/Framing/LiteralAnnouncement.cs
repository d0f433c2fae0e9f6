namespace Imap.Protocol.Framing;

/// <summary>Recognizes <c>{n}</c>, <c>{n+}</c> and <c>~{n}</c> at the end of a line (CR already removed).</summary>
internal static class LiteralAnnouncement
{
    internal enum Result
    {
        None,
        Literal,
        TooLarge,
    }

    /// <summary>
    /// Any line ending in a well-formed announcement is treated as announcing a literal, including
    /// <c>* OK {1}</c> whose grammar would make it text: every framer does so, and no server sends it as text.
    /// <c>{n+}</c> from a server (forbidden by RFC 9051) is accepted as a literal so its payload is never read as lines.
    /// </summary>
    internal static Result Parse(ReadOnlySpan<byte> line, out long length, out bool binary)
    {
        length = 0;
        binary = false;
        if (line.Length < 3 || line[^1] != (byte)'}')
            return Result.None;
        var end = line.Length - 1;
        if (line[end - 1] == (byte)'+')
            end--;
        var start = end;
        while (start > 0 && IsDigit(line[start - 1]))
            start--;
        if (start == end || start == 0 || line[start - 1] != (byte)'{')
            return Result.None;
        binary = start >= 2 && line[start - 2] == (byte)'~';
        ulong value = 0;
        foreach (var digit in line[start..end])
        {
            if (value > (long.MaxValue - 9) / 10)
                return Result.TooLarge;
            value = (value * 10) + (uint)(digit - '0');
        }
        length = (long)value;
        return Result.Literal;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
