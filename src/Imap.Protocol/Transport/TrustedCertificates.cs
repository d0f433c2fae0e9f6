using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Imap.Protocol.Transport;

/// <summary>Loads CA certificates from a PEM file and/or a directory of certificate files.</summary>
internal static class TrustedCertificates
{
    public static X509Certificate2Collection Load(string? file, string? directory)
    {
        var collection = new X509Certificate2Collection();
        if (file is not null)
        {
            collection.ImportFromPemFile(file);
        }
        if (directory is not null)
        {
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                TryAdd(collection, path);
            }
        }
        return collection;
    }

    private static void TryAdd(X509Certificate2Collection collection, string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPem(text);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (CryptographicException)
        {
            // Like OpenSSL's CApath: files that are not certificates are ignored.
        }
    }
}
