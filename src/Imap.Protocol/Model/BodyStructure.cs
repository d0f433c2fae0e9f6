namespace Imap.Protocol.Model;

/// <summary>
/// FETCH BODYSTRUCTURE (or BODY) node. An unparseable structure becomes <see cref="BodyStructureKind.Invalid"/>
/// with the raw text kept, instead of failing the FETCH.
/// </summary>
public sealed class BodyStructure
{
    /// <summary>The node's shape.</summary>
    public BodyStructureKind Kind { get; init; }

    /// <summary>Media type, upper- or lower-case as sent (e.g. <c>TEXT</c>, <c>multipart</c>).</summary>
    public string? MediaType { get; init; }

    /// <summary>Media subtype (e.g. <c>PLAIN</c>, <c>alternative</c>).</summary>
    public string? MediaSubtype { get; init; }

    /// <summary>Content-Type parameters (values may be null from lenient servers).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; init; } = [];

    /// <summary>Content-ID.</summary>
    public string? ContentId { get; init; }

    /// <summary>Content-Description.</summary>
    public string? Description { get; init; }

    /// <summary>Content-Transfer-Encoding.</summary>
    public string? Encoding { get; init; }

    /// <summary>Size in octets (negative only from broken servers, kept as sent).</summary>
    public long? Size { get; init; }

    /// <summary>Size in lines for text and message parts.</summary>
    public long? Lines { get; init; }

    /// <summary>Child parts of a multipart.</summary>
    public IReadOnlyList<BodyStructure> Parts { get; init; } = [];

    /// <summary>The enclosed message's envelope (message/rfc822).</summary>
    public Envelope? Envelope { get; init; }

    /// <summary>The enclosed message's body (message/rfc822).</summary>
    public BodyStructure? Body { get; init; }

    /// <summary>Content-MD5 (single parts' extension data).</summary>
    public string? Md5 { get; init; }

    /// <summary>Content-Disposition type, or null.</summary>
    public string? Disposition { get; init; }

    /// <summary>Content-Disposition parameters.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> DispositionParameters { get; init; } = [];

    /// <summary>Content-Language values.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Content-Location.</summary>
    public string? Location { get; init; }

    /// <summary>For <see cref="BodyStructureKind.Invalid"/>: the raw text the server sent (truncated to 4 KiB).</summary>
    public string? RawText { get; init; }

    /// <summary>True for valid structures.</summary>
    public bool IsValid => Kind != BodyStructureKind.Invalid;
}
