using System.Text;

namespace Imap.Protocol.Parsing;

/// <summary>Reads <c>*(SP atom)</c> up to the line end (CAPABILITY, ENABLED).</summary>
internal static class AtomListParser
{
    internal static List<string> ReadRest(ref ImapResponseReader reader)
    {
        var atoms = new List<string>();
        while (reader.Peek() == (byte)' ' && CharClass.IsAtom(reader.PeekAt(1)))
        {
            reader.ReadSpace();
            atoms.Add(Encoding.ASCII.GetString(reader.ReadAtom()));
        }
        reader.ReadLineEnd();
        return atoms;
    }
}
