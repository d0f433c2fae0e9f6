using System.Globalization;

namespace Imap.Protocol.Model;

/// <summary>An inclusive range of UIDs, <see cref="First"/> ≤ <see cref="Last"/>.</summary>
public readonly record struct UidRange
{
    /// <summary>Creates a range; the bounds may be given in either order (<c>540:214</c> equals <c>214:540</c>).</summary>
    public UidRange(uint first, uint last)
    {
        First = Math.Min(first, last);
        Last = Math.Max(first, last);
    }

    /// <summary>The smallest UID in the range.</summary>
    public uint First { get; }

    /// <summary>The largest UID in the range.</summary>
    public uint Last { get; }

    /// <summary>How many UIDs the range holds.</summary>
    public long Count => (long)Last - First + 1;

    /// <summary>The wire form: <c>n</c> or <c>first:last</c>.</summary>
    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{First}:{Last}");
}
