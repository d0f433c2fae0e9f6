namespace ImapSync.Cli.Configuration;

/// <summary>One <c>SSL_fingerprint</c> pin: a digest of the server's SubjectPublicKeyInfo.</summary>
/// <param name="Algorithm">Lower-case digest name (<c>sha256</c> when the pin has no <c>ALGO$</c> prefix).</param>
/// <param name="Digest">The digest bytes.</param>
internal sealed record TlsFingerprint(string Algorithm, ReadOnlyMemory<byte> Digest);
