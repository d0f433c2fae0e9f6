using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Support;

/// <summary>One vector: wire notation (CRLF implied at the end), verdict, and the quirk a tolerated vector needs.</summary>
internal sealed record Vector(string Notation, Verdict Verdict = Verdict.Valid, ImapQuirks Quirk = ImapQuirks.None)
{
    public byte[] Bytes => Wire.Line(Notation);

    public override string ToString() => Notation.Length > 80 ? Notation[..80] + "…" : Notation;
}
