using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses <c>ID NIL</c> or <c>ID ("key" "value" ...)</c>.</summary>
internal static class IdParser
{
    internal static IdResponse Parse(ref ImapResponseReader reader)
    {
        reader.ReadSpace();
        var fields = new List<KeyValuePair<string, string?>>();
        if (!reader.TryReadNil())
        {
            reader.Expect((byte)'(');
            if (reader.Peek() != (byte)')')
            {
                do
                {
                    var key = reader.ReadString().ToString();
                    reader.ReadSpace();
                    fields.Add(new(key, reader.ReadNString().ToStringOrNull()));
                }
                while (reader.NextListItem());
            }
            reader.ReadListEnd();
        }
        reader.ReadLineEnd();
        return new IdResponse(fields);
    }
}
