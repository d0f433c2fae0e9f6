namespace Imap.Protocol.Model;

/// <summary>Untagged <c>SEARCH</c>: numbers (UIDs for UID SEARCH) and, with CONDSTORE, the highest MODSEQ.</summary>
/// <param name="numbers">The matching numbers in server order.</param>
/// <param name="modSeq">The <c>(MODSEQ n)</c> value, or null.</param>
public sealed class SearchResponse(IReadOnlyList<uint> numbers, ModSeq? modSeq) : ImapResponse
{
    /// <summary>The matching numbers in server order.</summary>
    public IReadOnlyList<uint> Numbers { get; } = numbers;

    /// <summary>The highest mod-sequence of the matches, or null.</summary>
    public ModSeq? ModSeq { get; } = modSeq;
}
