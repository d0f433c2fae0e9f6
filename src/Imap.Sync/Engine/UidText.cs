using System.Globalization;
using System.Text;

namespace Imap.Sync.Engine;

/// <summary>Compact UID ranges for log lines, in the given order (e.g. <c>1:3,7</c>).</summary>
internal static class UidText
{
    public static string Compact(IReadOnlyList<uint> uids)
    {
        var text = new StringBuilder();
        for (var i = 0; i < uids.Count;)
        {
            var j = i;
            while (j + 1 < uids.Count && uids[j + 1] == uids[j] + 1)
            {
                j++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(uids[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                text.Append(':').Append(uids[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return text.ToString();
    }
}
