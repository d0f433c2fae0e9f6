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
        return new FlagSet(system, any ? interner.Complete() : null);
    }
}
