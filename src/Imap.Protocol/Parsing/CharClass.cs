namespace Imap.Protocol.Parsing;

/// <summary>Byte classes of the IMAP grammar, looked up in one table.</summary>
internal static class CharClass
{
    internal const byte Atom = 1;         // ATOM-CHAR
    internal const byte AStringExtra = 2; // resp-specials "]" allowed in astring
    internal const byte Control = 4;      // CTL other than CR and LF
    internal const byte ListWildcard = 8; // "%" and "*", allowed in LIST mailbox names

    private static readonly byte[] Table = Build();

    private static byte[] Build()
    {
        var table = new byte[256];
        for (var b = 0x21; b < 256; b++)
            table[b] = Atom;
        table[0x7f] = Control;
        for (var b = 0; b < 0x20; b++)
            table[b] = b is '\r' or '\n' ? (byte)0 : Control;
        foreach (var special in "(){%*\"\\]")
            table[special] = 0;
        table[']'] = AStringExtra;
        table['%'] = ListWildcard;
        table['*'] = ListWildcard;
        return table;
    }

    internal static bool IsAtom(byte b) => Table[b] == Atom;

    internal static bool Is(byte b, byte classes) => (Table[b] & classes) != 0;
}
