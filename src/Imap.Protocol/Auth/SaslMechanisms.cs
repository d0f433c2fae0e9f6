using System.Security.Cryptography;

namespace Imap.Protocol.Auth;

/// <summary>Creates a SASL mechanism by name from the caller's credentials.</summary>
public static class SaslMechanisms
{
    /// <summary>Mechanism names this library implements.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ["PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER", "SCRAM-SHA-256", "SCRAM-SHA-1"];

    /// <summary>Creates the mechanism, or throws when it is unknown or the credentials lack what it needs.</summary>
    public static SaslMechanism Create(string name, ImapCredentials credentials, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(credentials);
        return name.ToUpperInvariant() switch
        {
            "PLAIN" => new PlainMechanism(credentials.UserName, Password(credentials, name)),
            "LOGIN" => new LoginMechanism(credentials.UserName, Password(credentials, name)),
            "XOAUTH2" => new XOAuth2Mechanism(credentials.UserName, Token(credentials, name)),
            "OAUTHBEARER" => new OAuthBearerMechanism(credentials.UserName, Token(credentials, name), host, port),
            "SCRAM-SHA-256" => new ScramMechanism(credentials.UserName, Password(credentials, name), HashAlgorithmName.SHA256),
            "SCRAM-SHA-1" => new ScramMechanism(credentials.UserName, Password(credentials, name), HashAlgorithmName.SHA1),
            _ => throw new NotSupportedException($"Unsupported authentication mechanism: {name}"),
        };
    }

    private static string Password(ImapCredentials credentials, string name) =>
        credentials.Password ?? throw new ArgumentException($"{name} needs a password.", nameof(credentials));

    private static string Token(ImapCredentials credentials, string name) =>
        credentials.AccessToken ?? throw new ArgumentException($"{name} needs an access token.", nameof(credentials));
}
