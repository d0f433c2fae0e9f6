using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Sync.Adapters;
using Imap.Sync.Ports;

namespace Imap.Sync;

/// <summary>
/// One side of an <see cref="AccountSync"/>: how to open a logged-in connection to it. Opened once for
/// the run, and again for each extra connection when <see cref="SyncOptions.MaxMailboxesInFlight"/> is
/// above 1.
/// </summary>
public sealed class SyncEndpoint
{
    private readonly Func<CancellationToken, Task<IMailServer>> _open;

    /// <summary>
    /// An endpoint whose connections your code opens (a custom transport, login or instrumentation).
    /// Each call must return a new, logged-in connection that its disposal closes, e.g.
    /// <see cref="ImapMailServer.OpenAsync"/> over your <see cref="ImapClient"/>.
    /// </summary>
    public SyncEndpoint(Func<CancellationToken, Task<IMailServer>> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        _open = open;
    }

    /// <summary>
    /// An IMAP server: connects with <paramref name="client"/>, logs in with <paramref name="credentials"/>
    /// (not needed after a PREAUTH greeting) using the first of <paramref name="mechanisms"/> the server
    /// offers (null: the client's default order), and turns on COMPRESS=DEFLATE when asked and offered.
    /// </summary>
    public static SyncEndpoint Imap(ImapClientOptions client, ImapCredentials? credentials = null, IEnumerable<string>? mechanisms = null, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        var preference = mechanisms?.ToArray();
        return new SyncEndpoint(async cancellationToken =>
        {
            var connection = await ImapClient.ConnectAsync(client, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!connection.IsPreAuthenticated)
                {
                    await connection.AuthenticateAsync(
                        credentials ?? throw new InvalidOperationException($"{client.Transport.Host}: the server asks for a login but no credentials were given"),
                        preference,
                        cancellationToken).ConfigureAwait(false);
                }

                if (compress)
                {
                    await connection.CompressAsync(cancellationToken).ConfigureAwait(false);
                }

                return await ImapMailServer.OpenAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        });
    }

    /// <summary>Opens a new logged-in connection; the caller disposes it.</summary>
    public Task<IMailServer> OpenAsync(CancellationToken cancellationToken = default) => _open(cancellationToken);
}
