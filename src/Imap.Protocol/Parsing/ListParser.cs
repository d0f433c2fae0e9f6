using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses LIST/LSUB with LIST-EXTENDED data.</summary>
internal static class ListParser
{
    internal static ListResponse Parse(ref ImapResponseReader reader, ResponseParseContext context, bool isLsub)
    {
        reader.ReadSpace();
        reader.Expect((byte)'(');
        var attributes = new List<string>();
        if (reader.Peek() != (byte)')')
        {
            do
                attributes.Add(Encoding.ASCII.GetString(reader.ReadFlag()));
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        reader.ReadSpace();
        var delimiter = ReadDelimiter(ref reader);
        reader.ReadSpace();
        var mailbox = ReadMailboxName(ref reader, context);
        IReadOnlyList<string> childInfo = [];
        MailboxName? oldName = null;
        if (reader.Peek() == (byte)' ' && reader.PeekAt(1) == (byte)'(')
        {
            reader.ReadSpace();
            ReadExtendedItems(ref reader, context, ref childInfo, ref oldName);
        }
        reader.ReadLineEnd();
        return new ListResponse(attributes, delimiter, mailbox, isLsub) { ChildInfo = childInfo, OldName = oldName };
    }

    /// <summary>Reads a mailbox name (atom, quoted or literal) and decodes it per the context's UTF-8 mode.</summary>
    internal static MailboxName ReadMailboxName(ref ImapResponseReader reader, ResponseParseContext context) =>
        MailboxName.FromWire(reader.ReadMailbox().ToString(), context.Utf8Names);

    /// <summary>Reads <c>"x"</c> or NIL (or <c>""</c> with <see cref="ImapQuirks.EmptyDelimiter"/>) as a hierarchy delimiter.</summary>
    internal static char? ReadDelimiter(ref ImapResponseReader reader)
    {
        if (reader.TryReadNil())
            return null;
        var text = reader.ReadString().ToString();
        if (text.Length == 0 && reader.Allows(ImapQuirks.EmptyDelimiter))
            return null;
        if (text.Length != 1)
            reader.Throw("Hierarchy delimiter must be one character");
        return text[0];
    }

    private static void ReadExtendedItems(ref ImapResponseReader reader, ResponseParseContext context, ref IReadOnlyList<string> childInfo, ref MailboxName? oldName)
    {
        reader.Expect((byte)'(');
        if (reader.Peek() != (byte)')')
        {
            do
            {
                var tag = reader.ReadAString();
                reader.ReadSpace();
                if (tag.EqualsIgnoreCase("CHILDINFO"u8))
                    childInfo = ReadStringList(ref reader);
                else if (tag.EqualsIgnoreCase("OLDNAME"u8))
                {
                    reader.Expect((byte)'(');
                    oldName = ReadMailboxName(ref reader, context);
                    reader.ReadListEnd();
                }
                else
                    reader.SkipValue(context.Limits.MaxNesting);
            }
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
    }

    private static List<string> ReadStringList(ref ImapResponseReader reader)
    {
        reader.Expect((byte)'(');
        var values = new List<string>();
        if (reader.Peek() != (byte)')')
        {
            do
                values.Add(reader.ReadAString().ToString());
            while (reader.NextListItem());
        }
        reader.ReadListEnd();
        return values;
    }
}
