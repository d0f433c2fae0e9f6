using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// The last few distinct flag lists seen, by their exact bytes. A mailbox has few distinct flag
/// combinations, so most FETCH responses repeat one of them and skip keyword interning entirely.
/// Byte-identical lists parse identically under one connection's quirks, so a hit is always correct.
/// </summary>
internal sealed class FlagListCache
{
    private const int Entries = 8;
    private const int MaxListLength = 256;

    private readonly byte[][] _raw = new byte[Entries][];
    private readonly int[] _lengths = new int[Entries];
    private readonly FlagSet[] _flags = new FlagSet[Entries];
    private readonly bool[] _wildcards = new bool[Entries];
    private int _count;
    private int _next;

    /// <summary>Looks up the list whose bytes are exactly <paramref name="list"/> (from <c>(</c> to <c>)</c>).</summary>
    internal bool TryGet(ReadOnlySpan<byte> list, out FlagSet flags, out bool wildcard)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_lengths[i] == list.Length && list.SequenceEqual(_raw[i].AsSpan(0, list.Length)))
            {
                flags = _flags[i];
                wildcard = _wildcards[i];
                return true;
            }
        }
        flags = default;
        wildcard = false;
        return false;
    }

    /// <summary>Remembers a successfully parsed list, replacing the oldest entry when full.</summary>
    internal void Add(ReadOnlySpan<byte> list, FlagSet flags, bool wildcard)
    {
        if (list.Length > MaxListLength)
            return;
        var slot = _next;
        _next = (_next + 1) % Entries;
        _count = Math.Max(_count, slot + 1);
        _raw[slot] ??= new byte[MaxListLength];
        list.CopyTo(_raw[slot]);
        _lengths[slot] = list.Length;
        _flags[slot] = flags;
        _wildcards[slot] = wildcard;
    }
}
