namespace Imap.Protocol.Auth;

/// <summary>What the caller knows about the account; which fields are needed depends on the mechanism.</summary>
public sealed class ImapCredentials
{
    /// <summary>Login name.</summary>
    public required string UserName { get; init; }

    /// <summary>Password for LOGIN, PLAIN and SCRAM.</summary>
    public string? Password { get; init; }

    /// <summary>OAuth 2.0 access token for XOAUTH2 and OAUTHBEARER.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Never prints secrets.</summary>
    public override string ToString() => $"{UserName} (credentials redacted)";
}
