using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Imap.Protocol.Transport;

/// <summary>A pinned digest of a certificate's DER SubjectPublicKeyInfo, written <c>[ALGO$]HEX</c>.</summary>
internal sealed class SpkiPin
{
    private readonly HashAlgorithmName _algorithm;
    private readonly byte[] _digest;

    private SpkiPin(HashAlgorithmName algorithm, byte[] digest)
    {
        _algorithm = algorithm;
        _digest = digest;
    }

    public static SpkiPin Parse(string text)
    {
        var dollar = text.IndexOf('$', StringComparison.Ordinal);
        var algorithmName = dollar < 0 ? "sha256" : text[..dollar];
        var hex = (dollar < 0 ? text : text[(dollar + 1)..]).Replace(":", "", StringComparison.Ordinal);
        var algorithm = algorithmName.ToUpperInvariant() switch
        {
            "SHA1" => HashAlgorithmName.SHA1,
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA384" => HashAlgorithmName.SHA384,
            "SHA512" => HashAlgorithmName.SHA512,
            _ => throw new ArgumentException($"Unsupported pin digest algorithm: {algorithmName}", nameof(text)),
        };
        try
        {
            return new SpkiPin(algorithm, Convert.FromHexString(hex));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"Invalid pin digest: {text}", nameof(text), ex);
        }
    }

    public bool Matches(X509Certificate2 certificate) =>
        CryptographicOperations.FixedTimeEquals(Digest(certificate, _algorithm), _digest);

    /// <summary>The SPKI digest of a certificate in lower-case hex, as shown in debug output.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        "sha256$" + Convert.ToHexString(Digest(certificate, HashAlgorithmName.SHA256)).ToLower(CultureInfo.InvariantCulture);

    private static byte[] Digest(X509Certificate2 certificate, HashAlgorithmName algorithm)
    {
        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return algorithm.Name switch
        {
#pragma warning disable CA5350 // InterIMAP pins may name sha1; a pin compares digests, it does not sign.
            "SHA1" => SHA1.HashData(spki),
#pragma warning restore CA5350
            "SHA384" => SHA384.HashData(spki),
            "SHA512" => SHA512.HashData(spki),
            _ => SHA256.HashData(spki),
        };
    }
}
