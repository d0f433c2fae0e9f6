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

    /// <summary>The system flag spelled by <paramref name="wire"/> (any case), or None.</summary>
    internal static SystemFlags Match(ReadOnlySpan<byte> wire)
    {
        if (wire.Length < 5 || wire[0] != (byte)'\\')
            return SystemFlags.None;
        foreach (var entry in All)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(wire, entry.Wire))
                return entry.Flag;
        }
        return SystemFlags.None;
    }
}
