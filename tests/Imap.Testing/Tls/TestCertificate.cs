using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Imap.Testing.Processes;

namespace Imap.Testing.Tls;

/// <summary>
/// A self-signed EC P-256 certificate for localhost and 127.0.0.1, written as PEM files
/// (EC, not RSA: generation takes milliseconds, which keeps fixture start-up fast).
/// </summary>
public sealed class TestCertificate
{
    private TestCertificate(string certificatePath, string privateKeyPath, byte[] spkiSha256)
    {
        CertificatePath = certificatePath;
        PrivateKeyPath = privateKeyPath;
        SpkiSha256 = spkiSha256;
    }

    /// <summary>The certificate (PEM). Being self-signed, it is also the CA file a client trusts.</summary>
    public string CertificatePath { get; }

    /// <summary>The private key (PKCS#8 PEM, mode 0600).</summary>
    public string PrivateKeyPath { get; }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo (what SPKI pinning hashes).</summary>
    public IReadOnlyList<byte> SpkiSha256 { get; }

    /// <summary>The pin in InterIMAP's <c>SSL_fingerprint</c> form: <c>sha256$</c> and lower-case hex.</summary>
    public string SpkiFingerprint => "sha256$" + Convert.ToHexStringLower([.. SpkiSha256]);

    /// <summary>Loads the certificate (public part only) for use in a custom trust store.</summary>
    public X509Certificate2 Load() => X509CertificateLoader.LoadCertificateFromFile(CertificatePath);

    /// <summary>Creates a new key pair and certificate in <paramref name="directory"/> (cert.pem, key.pem).</summary>
    public static TestCertificate Create(string directory, string commonName = "localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        FileModes.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", FileModes.OwnerOnly);

        var spki = SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        return new TestCertificate(certificatePath, keyPath, spki);
    }
}
