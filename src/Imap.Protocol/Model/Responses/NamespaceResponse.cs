namespace Imap.Protocol.Model;

/// <summary>Untagged <c>NAMESPACE</c> (RFC 2342): personal, other users' and shared namespaces.</summary>
/// <param name="personal">Personal namespaces (empty for NIL).</param>
/// <param name="otherUsers">Other users' namespaces.</param>
/// <param name="shared">Shared namespaces.</param>
public sealed class NamespaceResponse(
    IReadOnlyList<NamespaceDescriptor> personal,
    IReadOnlyList<NamespaceDescriptor> otherUsers,
    IReadOnlyList<NamespaceDescriptor> shared) : ImapResponse
{
    /// <summary>Personal namespaces.</summary>
    public IReadOnlyList<NamespaceDescriptor> Personal { get; } = personal;

    /// <summary>Other users' namespaces.</summary>
    public IReadOnlyList<NamespaceDescriptor> OtherUsers { get; } = otherUsers;

    /// <summary>Shared namespaces.</summary>
    public IReadOnlyList<NamespaceDescriptor> Shared { get; } = shared;
}
