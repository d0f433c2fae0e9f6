namespace Imap.Protocol.Transport;

/// <summary>How the connection to the server is secured.</summary>
public enum ImapSecurity
{
    /// <summary>Plain TCP, no TLS at all (only for loopback or trusted links).</summary>
    None,

    /// <summary>Plain TCP upgraded with STARTTLS before authentication; the server must offer it.</summary>
    StartTls,

    /// <summary>Implicit TLS ("imaps"): the handshake starts right after connecting.</summary>
    Tls,
}
