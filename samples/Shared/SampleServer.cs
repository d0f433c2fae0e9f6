using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Transport;

namespace Imap.Samples;

/// <summary>
/// Where a sample connects: <c>imaps://user:password@host[:port]</c> (implicit TLS),
/// <c>imap://...</c> (STARTTLS) or <c>imap+plain://...</c> (no TLS, for a local test server).
/// </summary>
internal sealed record SampleServer(ImapClientOptions Options, ImapCredentials Credentials)
{
    public static SampleServer Parse(string url)
    {
        var uri = new Uri(url);
        var security = uri.Scheme switch
        {
            "imaps" => ImapSecurity.Tls,
            "imap" => ImapSecurity.StartTls,
            "imap+plain" => ImapSecurity.None,
            _ => throw new ArgumentException($"unknown scheme '{uri.Scheme}' (imaps, imap or imap+plain)", nameof(url)),
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        return new SampleServer(
            new ImapClientOptions { Transport = new ImapTransportOptions { Host = uri.Host, Port = uri.IsDefaultPort ? 0 : uri.Port, Security = security } },
            new ImapCredentials { UserName = Uri.UnescapeDataString(userInfo[0]), Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null });
    }

    /// <summary>Connects and logs in.</summary>
    public async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var client = await ImapClient.ConnectAsync(Options, cancellationToken);
        try
        {
            await client.AuthenticateAsync(Credentials, cancellationToken: cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
