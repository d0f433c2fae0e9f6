using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses NAMESPACE: three groups, each NIL or a list of <c>(prefix delimiter [extensions])</c>.</summary>
internal static class NamespaceParser
{
    private const int MaxNesting = 8;

    internal static NamespaceResponse Parse(ref ImapResponseReader reader)
    {
        reader.ReadSpace();
        var personal = ReadGroup(ref reader);
        reader.ReadSpace();
        var others = ReadGroup(ref reader);
        reader.ReadSpace();
        var shared = ReadGroup(ref reader);
        reader.ReadLineEnd();
        return new NamespaceResponse(personal, others, shared);
    }

    private static List<NamespaceDescriptor> ReadGroup(ref ImapResponseReader reader)
    {
        var group = new List<NamespaceDescriptor>();
        if (reader.TryReadNil())
            return group;
        reader.Expect((byte)'(');
        do
        {
            reader.Expect((byte)'(');
            var prefix = reader.ReadString().ToString();
            reader.ReadSpace();
            var delimiter = ListParser.ReadDelimiter(ref reader);
            while (reader.Peek() == (byte)' ')
            {
                reader.ReadSpace();
                reader.SkipValue(MaxNesting);
            }
            reader.ReadListEnd();
            group.Add(new NamespaceDescriptor(prefix, delimiter));
        }
        while (reader.Peek() == (byte)'(');
        reader.ReadListEnd();
        return group;
    }
}
