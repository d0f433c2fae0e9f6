namespace Imap.Protocol.Model;

/// <summary>Untagged <c>ENABLED</c> (RFC 5161): the extensions actually enabled, possibly none.</summary>
/// <param name="extensions">The capability names as sent.</param>
public sealed class EnabledResponse(IReadOnlyList<string> extensions) : ImapResponse
{
    /// <summary>The enabled extensions, as sent.</summary>
    public IReadOnlyList<string> Extensions { get; } = extensions;

    /// <summary>True when <paramref name="extension"/> was enabled (case-insensitive).</summary>
    public bool Has(string extension) => Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
}
