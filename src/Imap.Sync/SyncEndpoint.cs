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
    private readonly Func<CancellationToken, Task<IChangeListener?>>? _listen;

    /// <summary>
    /// An endpoint whose connections your code opens (a custom transport, login or instrumentation).
    /// Each call must return a new, logged-in connection that its disposal closes, e.g.
    /// <see cref="ImapMailServer.OpenAsync"/> over your <see cref="ImapClient"/>.
    /// </summary>
    public SyncEndpoint(Func<CancellationToken, Task<IMailServer>> open)
        : this(open, null)
    {
    }

    /// <summary>
    /// As <see cref="SyncEndpoint(Func{CancellationToken, Task{IMailServer}})"/>, and each call of
    /// <paramref name="listen"/> returns a new listener, e.g. <see cref="ImapChangeListener.StartAsync"/>
    /// over another connection, or null when the server cannot report changes.
    /// </summary>
    public SyncEndpoint(Func<CancellationToken, Task<IMailServer>> open, Func<CancellationToken, Task<IChangeListener?>>? listen)
    {
        ArgumentNullException.ThrowIfNull(open);
        _open = open;
        _listen = listen;
    }

    /// <summary>
    /// An IMAP server: connects with <paramref name="client"/>, logs in with <paramref name="credentials"/>
    /// (not needed after a PREAUTH greeting) using the first of <paramref name="mechanisms"/> the server
    /// offers (null: the client's default order), and turns on COMPRESS=DEFLATE when asked and offered.
    /// </summary>
    /// <remarks>
    /// <paramref name="client"/> is used as given; the command-line tool sets
    /// <see cref="ImapMailServer.PipelineDepth"/> and <see cref="ImapMailServer.ReaderLimits"/> in it, so
    /// that the mailboxes of a run share flights and bodies go to pooled memory.
    /// </remarks>
    public static SyncEndpoint Imap(ImapClientOptions client, ImapCredentials? credentials = null, IEnumerable<string>? mechanisms = null, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        var preference = mechanisms?.ToArray();
        async Task<ImapClient> LogInAsync(bool withCompression, CancellationToken cancellationToken)
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

                if (withCompression)
                {
                    await connection.CompressAsync(cancellationToken).ConfigureAwait(false);
                }

                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return new SyncEndpoint(
            async cancellationToken =>
            {
                var connection = await LogInAsync(compress, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await ImapMailServer.OpenAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            // The listener mostly waits: compression would only cost its memory.
            async cancellationToken => await ImapChangeListener.StartAsync(await LogInAsync(false, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Opens a new logged-in connection; the caller disposes it.</summary>
    public Task<IMailServer> OpenAsync(CancellationToken cancellationToken = default) => _open(cancellationToken);

    /// <summary>
    /// Opens a new <see cref="IChangeListener"/> on a connection of its own; null when the endpoint has
    /// none or the server can report no changes (the caller then polls). The caller disposes it.
    /// </summary>
    public async Task<IChangeListener?> ListenAsync(CancellationToken cancellationToken = default) =>
        _listen is null ? null : await _listen(cancellationToken).ConfigureAwait(false);
}
