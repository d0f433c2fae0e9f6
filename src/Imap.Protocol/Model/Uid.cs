using System.Globalization;

namespace Imap.Protocol.Model;

/// <summary>A message UID (RFC 3501 §2.3.1.1): an unsigned 32-bit number, unique within one UIDVALIDITY.</summary>
/// <param name="Value">The UID as sent on the wire.</param>
public readonly record struct Uid(uint Value) : IComparable<Uid>
{
    /// <inheritdoc />
    public int CompareTo(Uid other) => Value.CompareTo(other.Value);

    /// <summary>The decimal wire form.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Compares two UIDs.</summary>
    public static bool operator <(Uid left, Uid right) => left.Value < right.Value;

    /// <summary>Compares two UIDs.</summary>
    public static bool operator >(Uid left, Uid right) => left.Value > right.Value;

    /// <summary>Compares two UIDs.</summary>
    public static bool operator <=(Uid left, Uid right) => left.Value <= right.Value;

    /// <summary>Compares two UIDs.</summary>
    public static bool operator >=(Uid left, Uid right) => left.Value >= right.Value;
}
