namespace Imap.Protocol.Model;

/// <summary>A well-framed response of a kind the library does not parse; kept so nothing is silently lost.</summary>
/// <param name="tag">The tag, or null when untagged.</param>
/// <param name="keyword">The response keyword (e.g. <c>XLIST</c>), upper case.</param>
/// <param name="number">The leading number for <c>* n KEYWORD</c> responses, or null.</param>
/// <param name="rawText">The rest of the first line as text.</param>
public sealed class UnknownResponse(string? tag, string keyword, uint? number, string rawText) : ImapResponse
{
    /// <summary>The tag, or null when untagged.</summary>
    public string? Tag { get; } = tag;

    /// <summary>The response keyword.</summary>
    public string Keyword { get; } = keyword;

    /// <summary>The leading number, or null.</summary>
    public uint? Number { get; } = number;

    /// <summary>The rest of the first line, decoded as UTF-8.</summary>
    public string RawText { get; } = rawText;
}
