using Imap.Testing.Dovecot;

namespace Imap.Testing.Cyrus;

/// <summary>How a <see cref="CyrusServer"/> is configured (servers.md §5).</summary>
public sealed record CyrusOptions
{
    /// <summary>Hierarchy separator: '/' (unixhierarchysep: yes) or '.'.</summary>
    public char HierarchySeparator { get; init; } = '/';

    /// <summary>
    /// True (default): personal folders at the top level. False: Cyrus's traditional layout, where
    /// they live under <c>INBOX</c> + separator and top-level CREATE is refused.
    /// </summary>
    public bool AltNamespace { get; init; } = true;

    /// <summary>STARTTLS and an imaps port with a generated certificate.</summary>
    public bool Tls { get; init; } = true;

    /// <summary>Accounts (SASL PLAIN and LOGIN; stored in a private sasldb).</summary>
    public IReadOnlyList<DovecotUser> Users { get; init; } =
        [new DovecotUser("alice", "alicepw"), new DovecotUser("bob", "bobpw")];
}
