namespace Imap.Protocol.Model;

/// <summary>Canonical names of the system flags, shared by parsing and formatting.</summary>
internal static class SystemFlagNames
{
    internal static readonly (SystemFlags Flag, string Name, byte[] Wire)[] All =
    [
        (SystemFlags.Seen, @"\Seen", @"\Seen"u8.ToArray()),
        (SystemFlags.Answered, @"\Answered", @"\Answered"u8.ToArray()),
        (SystemFlags.Flagged, @"\Flagged", @"\Flagged"u8.ToArray()),
        (SystemFlags.Deleted, @"\Deleted", @"\Deleted"u8.ToArray()),
        (SystemFlags.Draft, @"\Draft", @"\Draft"u8.ToArray()),
        (SystemFlags.Recent, @"\Recent", @"\Recent"u8.ToArray()),
    ];

    private static SystemFlags Is(ReadOnlySpan<byte> wire, int index) =>
        System.Text.Ascii.EqualsIgnoreCase(wire, All[index].Wire) ? All[index].Flag : SystemFlags.None;

    /// <summary>The system flag spelled by <paramref name="wire"/> (any case), or None.</summary>
    internal static SystemFlags Match(ReadOnlySpan<byte> wire)
    {
        if (wire.Length < 5 || wire[0] != (byte)'\\')
            return SystemFlags.None;
        // Dispatch on length so each flag costs at most two comparisons.
        return wire.Length switch
        {
            5 => Is(wire, 0),
            6 => Is(wire, 4),
            7 => Is(wire, 5),
            8 => Is(wire, 2) | Is(wire, 3),
            9 => Is(wire, 1),
            _ => SystemFlags.None,
        };
    }
}
