using System.Globalization;

namespace Imap.Protocol.Model;

/// <summary>A mailbox UIDVALIDITY (RFC 3501 §2.3.1.1): unsigned 32-bit, often above <see cref="int.MaxValue"/>.</summary>
/// <param name="Value">The UIDVALIDITY as sent on the wire.</param>
public readonly record struct UidValidity(uint Value)
{
    /// <summary>The decimal wire form.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
