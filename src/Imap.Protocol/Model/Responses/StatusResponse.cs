namespace Imap.Protocol.Model;

/// <summary>OK, NO, BAD, PREAUTH or BYE, tagged or untagged, with an optional response code.</summary>
public sealed class StatusResponse : ImapResponse
{
    /// <summary>Creates a status response.</summary>
    public StatusResponse(string? tag, ImapStatus status, ResponseCode? code, string text)
    {
        Tag = tag;
        Status = status;
        Code = code;
        Text = text;
    }

    /// <summary>The command tag, or null for an untagged response.</summary>
    public string? Tag { get; }

    /// <summary>The condition.</summary>
    public ImapStatus Status { get; }

    /// <summary>The response code, or null.</summary>
    public ResponseCode? Code { get; }

    /// <summary>The human-readable text (possibly empty).</summary>
    public string Text { get; }

    /// <inheritdoc />
    public override bool IsTagged => Tag is not null;

    /// <summary>A short description, e.g. <c>a1 NO [TRYCREATE] text</c>.</summary>
    public override string ToString() => $"{Tag ?? "*"} {Status} {(Code is null ? "" : "[" + Code + "] ")}{Text}";
}
