namespace Imap.Protocol.Client;

/// <summary>
/// The messages that already answered one command, as sorted runs of UIDs: a server answers a FETCH in
/// UID order, so the answers of N messages take a few runs (one per gap), not N entries. UIDs that
/// arrive below the last run (a server answering out of order) go to a hash set, so no order of answers
/// makes adding costly. Read loop only.
/// </summary>
internal sealed class AnsweredUids
{
    private readonly List<(uint First, uint Last)> _runs = [];
    private HashSet<uint>? _outOfOrder;

    /// <summary>Adds <paramref name="uid"/>; false when it was already there.</summary>
    public bool Add(uint uid)
    {
        var last = _runs.Count - 1;
        if (last < 0 || uid > _runs[last].Last)
        {
            if (last >= 0 && uid - 1 == _runs[last].Last)
            {
                _runs[last] = (_runs[last].First, uid);
            }
            else
            {
                _runs.Add((uid, uid));
            }
            return true;
        }
        return !InRuns(uid) && (_outOfOrder ??= []).Add(uid);
    }

    /// <summary>True when <paramref name="uid"/> was added.</summary>
    public bool Contains(uint uid) => InRuns(uid) || _outOfOrder?.Contains(uid) == true;

    private bool InRuns(uint uid)
    {
        int low = 0, high = _runs.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var (first, last) = _runs[middle];
            if (uid < first)
            {
                high = middle - 1;
            }
            else if (uid > last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
