using Imap.Protocol.Model;

namespace Imap.Sync.Adapters;

/// <summary>
/// The UIDs (1 to 4294967295) a set of present ones leaves out, as ranges: what a server without
/// QRESYNC's VANISHED says is gone, through a UID SEARCH. Never enumerated: most never held a message.
/// </summary>
internal static class AbsentUids
{
    public static UidSet Outside(UidSet present)
    {
        var gaps = new List<UidRange>();
        var next = 1u;
        foreach (var range in present.Ranges)
        {
            if (range.First > next)
            {
                gaps.Add(new UidRange(next, range.First - 1));
            }

            if (range.Last == uint.MaxValue)
            {
                return UidSet.FromRanges(gaps);
            }

            next = range.Last + 1;
        }

        gaps.Add(new UidRange(next, uint.MaxValue));
        return UidSet.FromRanges(gaps);
    }
}
