using System.Globalization;

namespace Imap.Protocol.Model;

/// <summary>A CONDSTORE mod-sequence (RFC 7162): an unsigned 63-bit number, kept exact as a <see cref="ulong"/>.</summary>
/// <param name="Value">The mod-sequence as sent on the wire.</param>
public readonly record struct ModSeq(ulong Value) : IComparable<ModSeq>
{
    /// <inheritdoc />
    public int CompareTo(ModSeq other) => Value.CompareTo(other.Value);

    /// <summary>The decimal wire form.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Compares two mod-sequences.</summary>
    public static bool operator <(ModSeq left, ModSeq right) => left.Value < right.Value;

    /// <summary>Compares two mod-sequences.</summary>
    public static bool operator >(ModSeq left, ModSeq right) => left.Value > right.Value;

    /// <summary>Compares two mod-sequences.</summary>
    public static bool operator <=(ModSeq left, ModSeq right) => left.Value <= right.Value;

    /// <summary>Compares two mod-sequences.</summary>
    public static bool operator >=(ModSeq left, ModSeq right) => left.Value >= right.Value;
}
