using System.Security.Cryptography;
using System.Text;

namespace Imap.Protocol.Auth;

/// <summary>SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding.</summary>
public sealed class ScramMechanism : SaslMechanism
{
    private readonly string _userName;
    private readonly string _password;
    private readonly HashAlgorithmName _hash;
    private readonly string _clientNonce;
    private string _clientFirstBare = "";
    private byte[]? _expectedServerSignature;
    private int _step;

    /// <summary>Fewest PBKDF2 iterations accepted from a server (RFC 7677's minimum; Dovecot's and Cyrus's default).</summary>
    public const int MinIterations = 4096;

    /// <summary>Most PBKDF2 iterations accepted: a hostile server must not make the client hash for minutes.</summary>
    public const int MaxIterations = 1_000_000;

    /// <summary>Creates a SCRAM exchange.</summary>
    /// <param name="userName">User name (escaped as RFC 5802 asks; SASLprep is not applied).</param>
    /// <param name="password">Password.</param>
    /// <param name="hash">SHA1 or SHA256.</param>
    /// <param name="clientNonce">Fixed nonce for test vectors; null for a fresh random one.</param>
    public ScramMechanism(string userName, string password, HashAlgorithmName hash, string? clientNonce = null)
    {
        if (hash != HashAlgorithmName.SHA1 && hash != HashAlgorithmName.SHA256)
        {
            throw new ArgumentException("SCRAM supports SHA1 and SHA256.", nameof(hash));
        }
        _userName = userName;
        _password = password;
        _hash = hash;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    }

    /// <inheritdoc/>
    public override string Name => _hash == HashAlgorithmName.SHA1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";

    /// <inheritdoc/>
    public override bool ClientFirst => true;

    /// <inheritdoc/>
    public override byte[] InitialResponse()
    {
        _step = 1;
        _clientFirstBare = $"n={EscapeName(_userName)},r={_clientNonce}";
        return Encoding.UTF8.GetBytes("n,," + _clientFirstBare);
    }

    /// <inheritdoc/>
    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        switch (_step)
        {
            case 0:
                return InitialResponse();
            case 1:
                _step = 2;
                return ClientFinal(Encoding.UTF8.GetString(challenge));
            case 2:
                _step = 3;
                VerifyServerFinal(Encoding.UTF8.GetString(challenge));
                IsComplete = true;
                return [];
            default:
                throw new SaslException("Unexpected challenge after SCRAM exchange.");
        }
    }

    /// <summary>RFC 5802 saslname escaping: ',' and '=' become =2C and =3D.</summary>
    internal static string EscapeName(string name) =>
        name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    private byte[] ClientFinal(string serverFirst)
    {
        var attributes = ParseAttributes(serverFirst);
        if (!attributes.TryGetValue('r', out var nonce) || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal)
            || !attributes.TryGetValue('s', out var saltText) || !attributes.TryGetValue('i', out var iterationText)
            || !int.TryParse(iterationText, System.Globalization.CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            throw new SaslException("Malformed SCRAM server-first message.");
        }
        if (iterations is < MinIterations or > MaxIterations)
        {
            // Few iterations make a captured exchange cheap to brute-force; many make the client spin.
            throw new SaslException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"SCRAM iteration count {iterations} refused: outside {MinIterations} to {MaxIterations}."));
        }
        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(saltText);
        }
        catch (FormatException ex)
        {
            throw new SaslException("Malformed SCRAM salt.", ex);
        }
        var hashLength = _hash == HashAlgorithmName.SHA1 ? 20 : 32;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), salt, iterations, _hash, hashLength);
        var clientKey = Hmac(salted, "Client Key"u8);
        var storedKey = Hash(clientKey);
        var withoutProof = $"c=biws,r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        var signature = Hmac(storedKey, authMessage);
        var proof = new byte[clientKey.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ signature[i]);
        }
        _expectedServerSignature = Hmac(Hmac(salted, "Server Key"u8), authMessage);
        return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}");
    }

    private void VerifyServerFinal(string serverFinal)
    {
        var attributes = ParseAttributes(serverFinal);
        if (attributes.TryGetValue('e', out var error))
        {
            throw new SaslException($"SCRAM server error: {error}");
        }
        if (!attributes.TryGetValue('v', out var verifier))
        {
            throw new SaslException("Malformed SCRAM server-final message.");
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(verifier);
        }
        catch (FormatException ex)
        {
            throw new SaslException("Malformed SCRAM server signature.", ex);
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new SaslException("SCRAM server signature does not match: the server does not know the password.");
        }
    }

    private static Dictionary<char, string> ParseAttributes(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result.TryAdd(part[0], part[2..]);
            }
        }
        return result;
    }

#pragma warning disable CA5350 // SCRAM-SHA-1 is defined on SHA-1 (RFC 5802); offered only when the server asks for it.
    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) =>
        _hash == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);

    private byte[] Hash(byte[] data) => _hash == HashAlgorithmName.SHA1 ? SHA1.HashData(data) : SHA256.HashData(data);
#pragma warning restore CA5350
}
