using System.Text;

namespace Imap.Protocol.Auth;

/// <summary>SASL LOGIN (draft-murchison-sasl-login): user name, then password, each on request.</summary>
public sealed class LoginMechanism(string userName, string password) : SaslMechanism
{
    private int _step;

    /// <inheritdoc/>
    public override string Name => "LOGIN";

    /// <inheritdoc/>
    public override bool ClientFirst => false;

    /// <inheritdoc/>
    public override byte[] Respond(ReadOnlySpan<byte> challenge)
    {
        switch (_step++)
        {
            case 0:
                return Encoding.UTF8.GetBytes(userName);
            case 1:
                IsComplete = true;
                return Encoding.UTF8.GetBytes(password);
            default:
                throw new SaslException("Unexpected challenge after LOGIN password.");
        }
    }
}
