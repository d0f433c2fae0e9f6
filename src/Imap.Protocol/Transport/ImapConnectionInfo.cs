using System.Net.Security;
using System.Security.Authentication;

namespace Imap.Protocol.Transport;

/// <summary>
/// Read-only facts about a client's connection: TLS, compression, tunnel and traffic. A live view:
/// the values change when STARTTLS or COMPRESS take effect, and the counters grow.
/// </summary>
public sealed class ImapConnectionInfo
{
    private readonly ImapTransport _transport;

    internal ImapConnectionInfo(ImapTransport transport) => _transport = transport;

    /// <summary>True when the connection is a tunnel command rather than TCP.</summary>
    public bool IsTunnel => _transport.IsTunnel;

    /// <summary>True once TLS is active (imaps, or after STARTTLS).</summary>
    public bool IsTls => _transport.IsTls;

    /// <summary>Negotiated TLS protocol, or <see cref="SslProtocols.None"/>.</summary>
    public SslProtocols TlsProtocol => _transport.TlsProtocol;

    /// <summary>Negotiated cipher suite, or null without TLS.</summary>
    public TlsCipherSuite? TlsCipherSuite => _transport.TlsCipherSuite;

    /// <summary>SPKI SHA-256 fingerprint of the server certificate (<c>sha256$hex</c>), once TLS is up.</summary>
    public string? PeerFingerprint => _transport.PeerFingerprint;

    /// <summary>True once COMPRESS=DEFLATE is active.</summary>
    public bool IsCompressed => _transport.IsCompressed;

    /// <summary>Bytes read and written so far.</summary>
    public ImapTraffic Traffic => _transport.Traffic;
}
