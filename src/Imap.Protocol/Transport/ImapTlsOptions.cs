using System.Net.Security;
using System.Security.Authentication;

namespace Imap.Protocol.Transport;

/// <summary>
/// TLS settings with InterIMAP's meaning: chain and host are verified by default, pins are checked
/// even when verification is off, and any failed check aborts before an IMAP command is sent.
/// </summary>
public sealed class ImapTlsOptions
{
    /// <summary>Verify the certificate chain and the host name (default true).</summary>
    public bool VerifyCertificate { get; init; } = true;

    /// <summary>PEM file with trusted CA certificates; replaces the system store when set.</summary>
    public string? CaFile { get; init; }

    /// <summary>Directory of PEM/DER CA certificates; replaces the system store when set.</summary>
    public string? CaDirectory { get; init; }

    /// <summary>
    /// SPKI pins in InterIMAP's <c>[ALGO$]HEX</c> form (ALGO defaults to sha256). When not empty at
    /// least one must match the server certificate's SubjectPublicKeyInfo, whatever <see cref="VerifyCertificate"/> says.
    /// </summary>
    public IReadOnlyList<string> PinnedPublicKeys { get; init; } = [];

    /// <summary>
    /// SNI name. Null: the host when it is a name, none when it is an IP literal. Empty: SNI disabled.
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary>Lowest protocol accepted (e.g. <see cref="SslProtocols.Tls12"/>); null for the system default.</summary>
    public SslProtocols? MinimumProtocol { get; init; }

    /// <summary>Highest protocol accepted; null for the system default.</summary>
    public SslProtocols? MaximumProtocol { get; init; }

    /// <summary>Allowed cipher suites (IANA names such as <c>TLS_AES_256_GCM_SHA384</c>); empty for the default.</summary>
    public IReadOnlyList<TlsCipherSuite> CipherSuites { get; init; } = [];
}
