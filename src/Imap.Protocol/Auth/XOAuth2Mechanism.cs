using System.Text;

namespace Imap.Protocol.Auth;

/// <summary>Google/Microsoft XOAUTH2: the bearer token in one message; an error challenge gets an empty reply.</summary>
public sealed class XOAuth2Mechanism(string userName, string accessToken) : SaslMechanism
{
    /// <inheritdoc/>
    public override string Name => "XOAUTH2";

    /// <inheritdoc/>
    public override bool ClientFirst => true;

    /// <inheritdoc/>
    public override byte[] InitialResponse() =>
        Encoding.UTF8.GetBytes($"user={userName}\u0001auth=Bearer {accessToken}\u0001\u0001");

    /// <inheritdoc/>
    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        // The only challenge is a JSON error; an empty answer lets the server send its tagged NO.
        IsComplete = true;
        return [];
    }
}
