namespace Imap.Protocol.Model;

/// <summary>A continuation request (<c>+ text</c>), e.g. for a literal, IDLE or a SASL challenge.</summary>
/// <param name="text">The text after <c>+ </c> (base64 for SASL), possibly empty.</param>
internal sealed class ContinuationResponse(string text) : ImapResponse
{
    /// <summary>The text after <c>+ </c>, possibly empty.</summary>
    public string Text { get; } = text;
}
