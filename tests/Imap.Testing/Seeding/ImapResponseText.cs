namespace Imap.Testing.Seeding;

/// <summary>One response read by <see cref="ImapSeedSession"/>: its text (literals cut out) and the literals it carried.</summary>
internal sealed record ImapResponseText(string Line, IReadOnlyList<byte[]> Literals);
