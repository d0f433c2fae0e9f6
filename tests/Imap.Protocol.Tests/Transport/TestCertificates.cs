using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Imap.Protocol.Tests.Transport;

/// <summary>A throwaway CA and a server certificate it signed, for TLS tests.</summary>
internal sealed class TestCertificates : IDisposable
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <param name="dnsName">The leaf's subject and DNS name.</param>
    /// <param name="extendedKeyUsages">The leaf's EKU OIDs; null: serverAuth; empty: no EKU extension at all.</param>
    public TestCertificates(string dnsName = "localhost", string[]? extendedKeyUsages = null)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=imapsync test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        var usages = extendedKeyUsages ?? [ServerAuth];
        if (usages.Length > 0)
        {
            var oids = new OidCollection();
            foreach (var usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }
        using var signed = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        Directory = Path.Combine(Path.GetTempPath(), "imapsync-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        CaFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());
    }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Server { get; }
    public string Directory { get; }
    public string CaFile { get; }

    public string ServerPin => "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Server.PublicKey.ExportSubjectPublicKeyInfo()));

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
