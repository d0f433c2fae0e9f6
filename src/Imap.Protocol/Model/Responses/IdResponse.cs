namespace Imap.Protocol.Model;

/// <summary>Untagged <c>ID</c> (RFC 2971): server identification; empty for NIL.</summary>
/// <param name="fields">Field name → value (null for NIL values), in server order.</param>
public sealed class IdResponse(IReadOnlyList<KeyValuePair<string, string?>> fields) : ImapResponse
{
    /// <summary>Field name → value (null for NIL), in server order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Fields { get; } = fields;

    /// <summary>The value of <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name] => Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
