using System.Buffers;
using System.Buffers.Text;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Imap.Protocol.Model;

/// <summary>
/// An immutable set of UIDs held as sorted, merged, inclusive ranges. Its text form is the compact
/// IMAP <c>sequence-set</c> (<c>1:5,7,9:12</c>). <c>*</c> appears only in <see cref="All"/>'s text,
/// <c>1:*</c>: any other range with <c>*</c> depends on the mailbox (<c>5:*</c> names the last message
/// even when its UID is below 5), so it is not a set.
/// </summary>
public sealed class UidSet : IEnumerable<Uid>, IEquatable<UidSet>
{
    private readonly UidRange[] _ranges;

    private UidSet(UidRange[] normalizedRanges) => _ranges = normalizedRanges;

    /// <summary>The set with no UIDs.</summary>
    public static UidSet Empty { get; } = new([]);

    /// <summary>Every UID (1 to 4294967295): all messages of the mailbox, sent as <c>1:*</c>.</summary>
    public static UidSet All { get; } = new([new UidRange(1, uint.MaxValue)]);

    private bool IsAll => _ranges is [{ First: 1, Last: uint.MaxValue }];

    /// <summary>The sorted, non-overlapping, non-adjacent ranges of the set.</summary>
    public IReadOnlyList<UidRange> Ranges => _ranges;

    /// <summary>How many UIDs the set holds.</summary>
    public long Count
    {
        get
        {
            long count = 0;
            foreach (var range in _ranges)
                count += range.Count;
            return count;
        }
    }

    /// <summary>True when the set holds no UID.</summary>
    public bool IsEmpty => _ranges.Length == 0;

    /// <summary>The smallest UID, or null when empty.</summary>
    public Uid? Min => _ranges.Length == 0 ? null : new Uid(_ranges[0].First);

    /// <summary>The largest UID, or null when empty.</summary>
    public Uid? Max => _ranges.Length == 0 ? null : new Uid(_ranges[^1].Last);

    /// <summary>Creates a set holding one UID.</summary>
    public static UidSet FromUid(Uid uid) => new([new UidRange(uid.Value, uid.Value)]);

    /// <summary>Creates a set from ranges in any order, overlapping or not.</summary>
    public static UidSet FromRanges(IEnumerable<UidRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        return new UidSet(Normalize([.. ranges]));
    }

    /// <summary>Creates a set from UIDs in any order; duplicates are merged.</summary>
    public static UidSet FromUids(IEnumerable<Uid> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var values = uids.Select(u => u.Value).ToArray();
        Array.Sort(values);
        var ranges = new List<UidRange>();
        for (var i = 0; i < values.Length;)
        {
            var first = values[i];
            var last = first;
            i++;
            while (i < values.Length && (values[i] == last || values[i] == last + 1))
                last = values[i++];
            ranges.Add(new UidRange(first, last));
        }
        return new UidSet([.. ranges]);
    }

    /// <summary>True when <paramref name="uid"/> is in the set (binary search over the ranges).</summary>
    public bool Contains(Uid uid)
    {
        int low = 0, high = _ranges.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var range = _ranges[mid];
            if (uid.Value < range.First)
                high = mid - 1;
            else if (uid.Value > range.Last)
                low = mid + 1;
            else
                return true;
        }
        return false;
    }

    /// <summary>True when at least one UID is in both sets (a merge walk over the ranges).</summary>
    internal bool Overlaps(UidSet other)
    {
        int i = 0, j = 0;
        while (i < _ranges.Length && j < other._ranges.Length)
        {
            var a = _ranges[i];
            var b = other._ranges[j];
            if (a.Last < b.First)
                i++;
            else if (b.Last < a.First)
                j++;
            else
                return true;
        }
        return false;
    }

    /// <summary>The UIDs in both sets (a merge walk over the ranges).</summary>
    internal UidSet Intersect(UidSet other)
    {
        var both = new List<UidRange>();
        int i = 0, j = 0;
        while (i < _ranges.Length && j < other._ranges.Length)
        {
            var a = _ranges[i];
            var b = other._ranges[j];
            var first = Math.Max(a.First, b.First);
            var last = Math.Min(a.Last, b.Last);
            if (first <= last)
                both.Add(new UidRange(first, last));
            if (a.Last < b.Last)
                i++;
            else
                j++;
        }
        return both.Count == 0 ? Empty : new UidSet([.. both]);
    }

    /// <summary>The UIDs in this set, in <paramref name="other"/>, or in both.</summary>
    public UidSet Union(UidSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new UidSet(Normalize([.. _ranges, .. other._ranges]));
    }

    /// <summary>Parses a <c>sequence-set</c> of UIDs such as <c>1:5,7,540:214</c>, or <c>1:*</c> (<see cref="All"/>).</summary>
    /// <exception cref="FormatException">The text is not a UID set (empty, zero, <c>*</c> other than in <c>1:*</c>, overflow, stray characters).</exception>
    public static UidSet Parse(string text)
    {
        if (!TryParse(text, out var set))
            throw new FormatException("Not a UID set: " + text);
        return set;
    }

    /// <summary>Parses a <c>sequence-set</c> of UIDs; false when the text is not one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UidSet? set)
    {
        set = null;
        if (string.IsNullOrEmpty(text) || text.Length > 1 << 24)
            return false;
        var bytes = Encoding.ASCII.GetBytes(text);
        if (Encoding.ASCII.GetString(bytes) != text)
            return false;
        return TryParse(bytes, out set);
    }

    /// <summary>Parses a <c>sequence-set</c> of UIDs from ASCII bytes; false when the bytes are not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, [NotNullWhen(true)] out UidSet? set)
    {
        set = null;
        if (text.SequenceEqual("1:*"u8))
        {
            set = All;
            return true;
        }
        if (!TryParseRanges(text, out var ranges))
            return false;
        set = new UidSet(Normalize(ranges));
        return true;
    }

    /// <summary>Parses ranges keeping the server's order (needed to pair COPYUID sets by position).</summary>
    internal static bool TryParseRanges(ReadOnlySpan<byte> text, [NotNullWhen(true)] out UidRange[]? ranges)
    {
        ranges = null;
        if (text.IsEmpty)
            return false;
        var list = new List<UidRange>();
        while (true)
        {
            if (!TryParseNumber(ref text, out var first))
                return false;
            var last = first;
            if (!text.IsEmpty && text[0] == (byte)':')
            {
                text = text[1..];
                if (!TryParseNumber(ref text, out last))
                    return false;
            }
            list.Add(new UidRange(first, last));
            if (text.IsEmpty)
                break;
            if (text[0] != (byte)',')
                return false;
            text = text[1..];
        }
        ranges = [.. list];
        return true;
    }

    private static bool TryParseNumber(ref ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.IsEmpty || text[0] is < (byte)'1' or > (byte)'9')
            return false;
        if (!Utf8Parser.TryParse(text, out value, out var consumed))
            return false;
        text = text[consumed..];
        return true;
    }

    private static UidRange[] Normalize(UidRange[] ranges)
    {
        if (ranges.Length < 2)
            return ranges;
        Array.Sort(ranges, static (a, b) => a.First.CompareTo(b.First));
        var merged = new List<UidRange>(ranges.Length);
        var current = ranges[0];
        for (var i = 1; i < ranges.Length; i++)
        {
            var next = ranges[i];
            if ((ulong)next.First <= (ulong)current.Last + 1)
                current = new UidRange(current.First, Math.Max(current.Last, next.Last));
            else
            {
                merged.Add(current);
                current = next;
            }
        }
        merged.Add(current);
        return [.. merged];
    }

    /// <summary>
    /// Splits the set into consecutive sets whose text form is at most <paramref name="maxLength"/> bytes,
    /// so a long set can be sent in several commands within a server's line limit.
    /// </summary>
    public IEnumerable<UidSet> Split(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 21);
        var chunk = new List<UidRange>();
        var length = 0;
        foreach (var range in _ranges)
        {
            var rangeLength = range.ToString().Length;
            var needed = chunk.Count == 0 ? rangeLength : length + 1 + rangeLength;
            if (needed > maxLength)
            {
                yield return new UidSet([.. chunk]);
                chunk.Clear();
                needed = rangeLength;
            }
            chunk.Add(range);
            length = needed;
        }
        if (chunk.Count > 0)
            yield return new UidSet([.. chunk]);
    }

    /// <summary>The compact wire form, e.g. <c>1:5,7,9:12</c>; <c>1:*</c> for <see cref="All"/>; empty string for the empty set.</summary>
    public override string ToString()
    {
        var text = new ArrayBufferWriter<byte>(16);
        WriteTo(text);
        return Encoding.ASCII.GetString(text.WrittenSpan);
    }

    /// <summary>Writes the compact wire form straight into a command's buffer, without a string in between.</summary>
    internal void WriteTo(IBufferWriter<byte> writer)
    {
        if (IsAll)
        {
            writer.Write("1:*"u8);
            return;
        }
        for (var i = 0; i < _ranges.Length; i++)
        {
            var range = _ranges[i];
            var span = writer.GetSpan(22); // ",4294967295:4294967295"
            var n = 0;
            if (i > 0)
                span[n++] = (byte)',';
            Utf8Formatter.TryFormat(range.First, span[n..], out var written);
            n += written;
            if (range.Last != range.First)
            {
                span[n++] = (byte)':';
                Utf8Formatter.TryFormat(range.Last, span[n..], out written);
                n += written;
            }
            writer.Advance(n);
        }
    }

    /// <summary>
    /// Enumerates the UIDs in ascending order. A set a server sent may name up to 2^32-1 UIDs in a few
    /// bytes (<c>1:4294967295</c>): ask it with <see cref="Contains"/> for the UIDs you know instead.
    /// </summary>
    public IEnumerator<Uid> GetEnumerator()
    {
        foreach (var range in _ranges)
        {
            for (var value = range.First; ; value++)
            {
                yield return new Uid(value);
                if (value == range.Last)
                    break;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(UidSet? other) => other is not null && _ranges.AsSpan().SequenceEqual(other._ranges);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UidSet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var range in _ranges)
            hash.Add(range);
        return hash.ToHashCode();
    }
}
