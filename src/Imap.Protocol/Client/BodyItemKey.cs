using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>
/// A body item as asked (<c>BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]&lt;0.100&gt;</c>) reduced to what the
/// server echoes back (<c>BODY</c> and <c>HEADER.FIELDS (MESSAGE-ID)</c>), to tell which asked item a
/// FETCH response's body answers.
/// </summary>
internal sealed record BodyItemKey(string Item, string Section)
{
    private static readonly string[] s_bodyItems = ["BODY", "BINARY", "RFC822", "RFC822.HEADER", "RFC822.TEXT"];

    /// <summary>The key of a requested item, or null when it is not a body item.</summary>
    public static BodyItemKey? FromRequest(string requested)
    {
        var open = requested.IndexOf('[', StringComparison.Ordinal);
        var close = requested.LastIndexOf(']');
        var name = (open < 0 ? requested : requested[..open]).ToUpperInvariant();
        if (name.EndsWith(".PEEK", StringComparison.Ordinal))
        {
            name = name[..^".PEEK".Length];
        }
        if (!s_bodyItems.Contains(name))
        {
            return null;
        }
        var section = open >= 0 && close > open ? requested[(open + 1)..close] : "";
        return new BodyItemKey(name, section);
    }

    /// <summary>
    /// The index of the asked item <paramref name="body"/> answers, or -1. Sections compare without
    /// case, quotes or extra spaces; one the server wrote otherwise still answers the only asked item
    /// of its kind and shape (<c>HEADER.FIELDS</c>, <c>TEXT</c>, <c>1.2</c>), never one of another
    /// shape: a <c>BODY[HEADER]</c> fetched by another command is no answer to a <c>BODY[]</c>.
    /// </summary>
    public static int IndexOf(BodyItemKey[] asked, FetchBodySection body)
    {
        var section = Normalize(body.Section);
        var sameShape = -1;
        var shapes = 0;
        for (var i = 0; i < asked.Length; i++)
        {
            if (asked[i].Item != body.Item)
            {
                continue;
            }
            var wanted = Normalize(asked[i].Section);
            if (wanted == section)
            {
                return i;
            }
            if (Shape(wanted) == Shape(section))
            {
                sameShape = i;
                shapes++;
            }
        }
        return shapes == 1 ? sameShape : -1;
    }

    private static string Normalize(string section) =>
        string.Join(' ', section.Replace("\"", "", StringComparison.Ordinal).ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal);

    private static string Shape(string section)
    {
        var end = section.IndexOfAny([' ', '(']);
        return end < 0 ? section : section[..end];
    }
}
