using System.Text;

namespace Imap.Protocol.Auth;

/// <summary>SASL PLAIN (RFC 4616): <c>authzid NUL user NUL password</c> in one message.</summary>
public sealed class PlainMechanism(string userName, string password, string? authorizationId = null) : SaslMechanism
{
    /// <inheritdoc/>
    public override string Name => "PLAIN";

    /// <inheritdoc/>
    public override bool ClientFirst => true;

    /// <inheritdoc/>
    public override byte[] InitialResponse()
    {
        IsComplete = true;
        return Encoding.UTF8.GetBytes($"{authorizationId}\0{userName}\0{password}");
    }

    /// <inheritdoc/>
    public override byte[] Respond(ReadOnlySpan<byte> challenge) =>
        IsComplete ? throw new SaslException("Unexpected challenge after PLAIN credentials.") : InitialResponse();
}
