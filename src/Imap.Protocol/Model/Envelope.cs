namespace Imap.Protocol.Model;

/// <summary>FETCH ENVELOPE: header fields as the server parsed them. Strings are raw (RFC 2047 words not decoded).</summary>
public sealed class Envelope
{
    /// <summary>Date header, or null.</summary>
    public string? Date { get; init; }

    /// <summary>Subject header, or null.</summary>
    public string? Subject { get; init; }

    /// <summary>From addresses.</summary>
    public IReadOnlyList<EnvelopeAddress> From { get; init; } = [];

    /// <summary>Sender addresses.</summary>
    public IReadOnlyList<EnvelopeAddress> Sender { get; init; } = [];

    /// <summary>Reply-To addresses.</summary>
    public IReadOnlyList<EnvelopeAddress> ReplyTo { get; init; } = [];

    /// <summary>To addresses (group markers included).</summary>
    public IReadOnlyList<EnvelopeAddress> To { get; init; } = [];

    /// <summary>Cc addresses.</summary>
    public IReadOnlyList<EnvelopeAddress> Cc { get; init; } = [];

    /// <summary>Bcc addresses.</summary>
    public IReadOnlyList<EnvelopeAddress> Bcc { get; init; } = [];

    /// <summary>In-Reply-To header, or null.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>Message-ID header, or null.</summary>
    public string? MessageId { get; init; }

    /// <summary>False when the server's ENVELOPE could not be parsed; then only <see cref="RawText"/> is set.</summary>
    public bool IsValid { get; init; } = true;

    /// <summary>For an invalid envelope: the raw text (truncated to 4 KiB).</summary>
    public string? RawText { get; init; }
}
