using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses INTERNALDATE <c>dd-Mon-yyyy hh:mm:ss +zzzz</c> (day may be space-padded) without allocating.</summary>
internal static class InternalDateParser
{
    private static readonly byte[][] Months =
    [
        "jan"u8.ToArray(), "feb"u8.ToArray(), "mar"u8.ToArray(), "apr"u8.ToArray(), "may"u8.ToArray(), "jun"u8.ToArray(),
        "jul"u8.ToArray(), "aug"u8.ToArray(), "sep"u8.ToArray(), "oct"u8.ToArray(), "nov"u8.ToArray(), "dec"u8.ToArray(),
    ];

    internal static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > 0 && text[0] == (byte)' ')
            text = text[1..];
        var dash = text.IndexOf((byte)'-');
        if (dash is < 1 or > 2 || text.Length != dash + 24)
            return false;
        if (!TryDigits(text[..dash], out var day))
            return false;
        text = text[(dash + 1)..];
        var month = MonthOf(text[..3]);
        if (month == 0 || text[3] != (byte)'-' || !TryDigits(text.Slice(4, 4), out var year) || text[8] != (byte)' ')
            return false;
        text = text[9..];
        if (!TryDigits(text[..2], out var hour) || text[2] != (byte)':' || !TryDigits(text.Slice(3, 2), out var minute)
            || text[5] != (byte)':' || !TryDigits(text.Slice(6, 2), out var second) || text[8] != (byte)' ')
            return false;
        var sign = text[9];
        if ((sign != (byte)'+' && sign != (byte)'-') || !TryDigits(text.Slice(10, 2), out var zoneHours)
            || !TryDigits(text.Slice(12, 2), out var zoneMinutes) || zoneMinutes > 59 || zoneHours > 14)
            return false;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
            return false;
        var offset = new TimeSpan(zoneHours, zoneMinutes, 0);
        // A leap second is read as the last second of the minute.
        value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), sign == (byte)'-' ? -offset : offset);
        return true;
    }

    private static int MonthOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Months.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, Months[i]))
                return i + 1;
        }
        return 0;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            value = (value * 10) + (b - '0');
        }
        return true;
    }
}
