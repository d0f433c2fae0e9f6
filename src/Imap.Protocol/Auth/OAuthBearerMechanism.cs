using System.Globalization;
using System.Text;

namespace Imap.Protocol.Auth;

/// <summary>OAUTHBEARER (RFC 7628) with a caller-supplied token.</summary>
public sealed class OAuthBearerMechanism(string userName, string accessToken, string host, int port) : SaslMechanism
{
    /// <inheritdoc/>
    public override string Name => "OAUTHBEARER";

    /// <inheritdoc/>
    public override bool ClientFirst => true;

    /// <inheritdoc/>
    public override byte[] InitialResponse() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"n,a={ScramMechanism.EscapeName(userName)},\u0001host={host}\u0001port={port}\u0001auth=Bearer {accessToken}\u0001\u0001"));

    /// <inheritdoc/>
    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        // RFC 7628 §3.2.3: an error challenge is answered with a single %x01 and the server fails the command.
        IsComplete = true;
        return [0x01];
    }
}
