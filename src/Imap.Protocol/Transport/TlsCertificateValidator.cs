using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Imap.Protocol.Transport;

/// <summary>
/// Checks the server certificate the way InterIMAP does: pins always, chain and host name only when
/// verification is on, with an optional private CA store. With that store the certificates must be
/// meant for TLS servers too (OpenSSL's purpose check, which the system store's validation does).
/// </summary>
internal sealed class TlsCertificateValidator
{
    private static readonly Oid s_serverAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly ImapTlsOptions _options;
    private readonly string _host;
    private readonly SpkiPin[] _pins;

    public TlsCertificateValidator(ImapTlsOptions options, string host)
    {
        _options = options;
        _host = host;
        _pins = options.PinnedPublicKeys.Select(SpkiPin.Parse).ToArray();
    }

    /// <summary>Why the last check failed, for the exception message.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The SPKI fingerprint of the certificate seen, for debug output.</summary>
    public string? PeerFingerprint { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return Fail("the server sent no certificate");
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        PeerFingerprint = SpkiPin.Fingerprint(leaf);
        if (_pins.Length > 0 && !_pins.Any(p => p.Matches(leaf)))
        {
            return Fail($"fingerprint doesn't match (peer {PeerFingerprint}); MiTM in action?");
        }
        if (!_options.VerifyCertificate)
        {
            return true;
        }
        if (!ChainIsTrusted(leaf, chain, errors))
        {
            return false;
        }
        // Our own host check so that SNI can be disabled without disabling the name check.
        return leaf.MatchesHostname(_host, allowWildcards: true, allowCommonName: true)
            || Fail($"certificate does not match host name {_host}");
    }

    private bool ChainIsTrusted(X509Certificate2 leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.CaFile is null && _options.CaDirectory is null)
        {
            return (errors & (SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
                || Fail("certificate chain is not trusted: " + Describe(chain));
        }
        if (!AllowsServerAuthentication(leaf))
        {
            return Fail("certificate is not for server authentication (its extended key usage lacks serverAuth)");
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        // Intermediates restricted to other usages fail the chain, as with OpenSSL's purpose check.
        custom.ChainPolicy.ApplicationPolicy.Add(s_serverAuthentication);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedCertificates.Load(_options.CaFile, _options.CaDirectory));
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(leaf) || Fail("certificate chain is not trusted by the given CA: " + Describe(custom));
    }

    // A leaf without the extension may serve any purpose (RFC 5280 4.2.1.12).
    private static bool AllowsServerAuthentication(X509Certificate2 leaf) =>
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage
        || usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == s_serverAuthentication.Value);

    private static string Describe(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "unknown reason"
            : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));

    private bool Fail(string reason)
    {
        FailureReason = reason;
        return false;
    }
}
