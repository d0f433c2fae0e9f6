using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Reads a parenthesized flag list into a <see cref="FlagSet"/> with interned keywords.</summary>
internal static class FlagListParser
{
    /// <param name="reader">Positioned at <c>(</c>.</param>
    /// <param name="context">Holds the keyword interner.</param>
    /// <param name="wildcard">True when <c>\*</c> was in the list (PERMANENTFLAGS).</param>
    internal static FlagSet Read(ref ImapResponseReader reader, ResponseParseContext context, out bool wildcard)
    {
        wildcard = false;
        var start = reader.Position;
        var close = reader.Frame[start..].IndexOf((byte)')');
        if (close > 0 && reader.Peek() == (byte)'(' && context.FlagLists.TryGet(reader.Frame.Slice(start, close + 1), out var cached, out wildcard))
        {
            reader.Skip(close + 1);
            return cached;
        }
        reader.Expect((byte)'(');
        var system = SystemFlags.None;
        var interner = context.Keywords;
        interner.Begin();
        var any = false;
        if (reader.Peek() != (byte)')')
        {
            do
            {
                var flag = reader.ReadFlag();
                var known = SystemFlagNames.Match(flag);
                if (known != SystemFlags.None)
                    system |= known;
                else if (flag.Length == 2 && flag[1] == (byte)'*')
                    wildcard = true;
                else
                {
                    interner.Add(interner.Intern(flag));
                    any = true;
                }
            }
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        var flags = new FlagSet(system, any ? interner.Complete() : null);
        context.FlagLists.Add(reader.Frame[start..reader.Position], flags, wildcard);
        return flags;
    }
}
