using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Imap.Protocol.Transport;

/// <summary>Turns <see cref="ImapTlsOptions"/> into SslStream options plus the validator that enforces them.</summary>
internal static class TlsClientOptionsFactory
{
    private static readonly SslProtocols[] s_supported = [SslProtocols.Tls12, SslProtocols.Tls13];

    public static SslClientAuthenticationOptions Create(ImapTlsOptions options, string host, TlsCertificateValidator validator)
    {
        var result = new SslClientAuthenticationOptions
        {
            TargetHost = ServerName(options, host),
            RemoteCertificateValidationCallback = validator.Validate,
            EnabledSslProtocols = Protocols(options),
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        if (options.CipherSuites.Count > 0 && !OperatingSystem.IsWindows())
        {
            result.CipherSuitesPolicy = new CipherSuitesPolicy(options.CipherSuites);
        }
        return result;
    }

    /// <summary>SNI: the host unless it is an IP literal; an explicit empty name disables it.</summary>
    public static string ServerName(ImapTlsOptions options, string host) =>
        options.ServerName ?? (IPAddress.TryParse(host, out _) ? "" : host);

    private static SslProtocols Protocols(ImapTlsOptions options)
    {
        if (options.MinimumProtocol is null && options.MaximumProtocol is null)
        {
            return SslProtocols.None;
        }
        var min = options.MinimumProtocol ?? s_supported[0];
        var max = options.MaximumProtocol ?? s_supported[^1];
        var result = SslProtocols.None;
        foreach (var protocol in s_supported)
        {
            if (protocol >= min && protocol <= max)
            {
                result |= protocol;
            }
        }
        return result != SslProtocols.None
            ? result
            : throw new ImapTlsException($"No supported TLS protocol between {min} and {max} (TLS 1.2 and 1.3 are supported).");
    }
}
