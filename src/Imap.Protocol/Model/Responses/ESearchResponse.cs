namespace Imap.Protocol.Model;

/// <summary>Untagged <c>ESEARCH</c> (RFC 4731), with MODSEQ (RFC 7162).</summary>
public sealed class ESearchResponse : ImapResponse
{
    /// <summary>The tag of the command this answers (from <c>(TAG "x")</c>), or null.</summary>
    public string? Tag { get; init; }

    /// <summary>True when the numbers are UIDs.</summary>
    public bool IsUid { get; init; }

    /// <summary>MIN</summary>
    public uint? Min { get; init; }

    /// <summary>MAX</summary>
    public uint? Max { get; init; }

    /// <summary>COUNT</summary>
    public uint? Count { get; init; }

    /// <summary>ALL as a normalized set.</summary>
    public UidSet? All { get; init; }

    /// <summary>ALL ranges in the order the server sent them (ESORT results keep their order).</summary>
    public IReadOnlyList<UidRange>? AllInServerOrder { get; init; }

    /// <summary>MODSEQ</summary>
    public ModSeq? ModSeq { get; init; }
}
