using System.Globalization;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>
    /// Connects, reads the greeting, does STARTTLS when <see cref="ImapSecurity.StartTls"/> is asked
    /// for (refusing a server that does not offer it, or a PREAUTH greeting on plain text) and fetches
    /// capabilities. TLS failures abort before any IMAP command is sent.
    /// </summary>
    /// <exception cref="ImapTlsException">STARTTLS was refused (NO/BAD) or TLS failed.</exception>
    /// <exception cref="ImapTimeoutException">The greeting or the TLS handshake after STARTTLS took longer than the connect timeout.</exception>
    public static async Task<ImapClient> ConnectAsync(ImapClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = await ImapTransport.ConnectAsync(options.Transport, cancellationToken).ConfigureAwait(false);
        return await ConnectOverAsync(options, transport, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a client over a transport already connected (benchmarks over in-memory streams).</summary>
    internal static async Task<ImapClient> ConnectOverAsync(ImapClientOptions options, ImapTransport transport, CancellationToken cancellationToken)
    {
        var client = new ImapClient(options, transport);
        try
        {
            await client.StartAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        ImapResponse? greeting;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.Transport.ConnectTimeout);
            try
            {
                greeting = await _connection.ReadGreetingAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ImapTimeoutException($"Timed out waiting for the greeting of {Host}", ex);
            }
            AcceptGreeting(greeting);
        }
        // Courier without its file-notification daemon sends "* OK [ALERT] ..." and only then
        // "* PREAUTH": an alert that looks like a greeting may be followed by the real one. The read
        // loop keeps such a PREAUTH aside (_lateGreeting); a CAPABILITY round trip makes sure it has
        // arrived, as it comes before the reply. Waiting for a line that may never come would hang.
        var greetingWasAlert = greeting is StatusResponse { Code.Kind: ResponseCodeKind.Alert };
        _awaitingLateGreeting = greetingWasAlert;
        _connection.StartReadLoop();
        if (Capabilities.Names.Count == 0 || greetingWasAlert)
        {
            await CapabilityAsync(cancellationToken).ConfigureAwait(false);
        }
        _awaitingLateGreeting = false;
        if (_lateGreeting is { } late)
        {
            AcceptGreeting(late);
        }
        if (!Capabilities.Imap4Rev1 && !Capabilities.Imap4Rev2)
        {
            throw new ImapConnectionException("Missing IMAP4rev1 CAPABILITY.  Not an IMAP4 server?");
        }
        if (WantsStartTls && State == ImapConnectionState.NotAuthenticated)
        {
            await StartTlsAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_options.KeepAliveInterval is { } interval)
        {
            _keepAlive = KeepAliveAsync(interval, _keepAliveStop.Token);
        }
    }

    private bool WantsStartTls => _options.Transport.Security == ImapSecurity.StartTls && !_transport.IsTunnel;

    private void AcceptGreeting(ImapResponse? greeting)
    {
        if (greeting is not StatusResponse { Tag: null } status)
        {
            throw new ImapConnectionException($"Bad greeting from {Host}: {greeting?.ToString() ?? "connection closed"}");
        }
        GreetingText = status.Text;
        if (status.Code is { Kind: ResponseCodeKind.Alert })
        {
            _greetingAlerts.Add(status.Text);
        }
        if (status.Code is { Kind: ResponseCodeKind.Capability, Capabilities: { } capabilities })
        {
            Capabilities = capabilities;
        }
        switch (status.Status)
        {
            case ImapStatus.Ok:
                State = ImapConnectionState.NotAuthenticated;
                break;
            case ImapStatus.PreAuth:
                if (WantsStartTls)
                {
                    throw new ImapConnectionException("PREAUTH greeting on plaintext connection? MiTM in action? Aborting, set \"STARTTLS = NO\" to ignore.");
                }
                State = ImapConnectionState.Authenticated;
                IsPreAuthenticated = true;
                break;
            case ImapStatus.Bye:
                throw new ImapConnectionException($"{Host} refused the connection: BYE {status.Text}");
            default:
                throw new ImapConnectionException($"Bad greeting from {Host}: {status}");
        }
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        if (!Capabilities.StartTls)
        {
            throw new ImapConnectionException("Server did not advertise STARTTLS capability.");
        }
        var command = new PendingCommand(Encode(SimpleCommand.StartTls));
        var reply = await _connection.ExecuteAsync(command, cancellationToken, throwOnNo: false).ConfigureAwait(false);
        if (reply.Status != ImapStatus.Ok)
        {
            var refusal = new ImapCommandException("STARTTLS", reply);
            throw new ImapTlsException($"{Host} refused STARTTLS: {refusal.Message}", refusal);
        }
        await _connection.UpgradeAsync(async leftover =>
        {
            if (leftover.Length > 0)
            {
                // Bytes after the OK were sent in clear text before TLS: never trust them, and say so
                // whatever the trace level (someone on the path tried to inject responses).
                var warning = $"{Host}: discarded {leftover.Length} bytes sent in clear text after the STARTTLS OK (unauthenticated response injection?)";
                _options.Warning?.Invoke(warning);
                _options.Trace?.Invoke("WARNING: " + warning);
            }
            await HandshakeAfterStartTlsAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Capabilities = ImapCapabilities.Empty;
        await CapabilityAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The handshake gets the connect timeout: a server that answers "OK begin TLS" and goes silent
    /// must fail the connection (so a watching caller reconnects), not hang it.
    /// </summary>
    private async Task HandshakeAfterStartTlsAsync(CancellationToken cancellationToken)
    {
        var limit = _options.Transport.ConnectTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await _transport.StartTlsAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImapTimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"Timed out after {limit.TotalSeconds:0.#} s in the TLS handshake with {Host} after STARTTLS"), ex);
        }
    }

    /// <summary>
    /// Starts COMPRESS=DEFLATE (RFC 4978) if the server offers it. Returns false when it does not;
    /// a NO [COMPRESSIONACTIVE] counts as success.
    /// </summary>
    /// <exception cref="ImapCommandException">The server refused COMPRESS DEFLATE (NO or BAD).</exception>
    public async Task<bool> CompressAsync(CancellationToken cancellationToken = default)
    {
        if (_transport.IsCompressed)
        {
            return true;
        }
        if (!Capabilities.Compress)
        {
            return false;
        }
        var command = new PendingCommand(Encode(SimpleCommand.Compress));
        var reply = await _connection.ExecuteAsync(command, cancellationToken, throwOnNo: false).ConfigureAwait(false);
        if (reply.Status != ImapStatus.Ok)
        {
            return reply.Code?.Kind == ResponseCodeKind.CompressionActive
                ? true
                : throw new ImapCommandException("COMPRESS", reply);
        }
        await _connection.UpgradeAsync(leftover =>
        {
            _transport.StartCompression(leftover);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        return true;
    }

    private async Task KeepAliveAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var quiet = Environment.TickCount64 - _connection.LastSend >= (long)interval.TotalMilliseconds;
            if (quiet && !_connection.IsBusy && !_connection.IsFaulted && State != ImapConnectionState.Closed)
            {
                try
                {
                    await NoopAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ImapConnectionException)
                {
                    return;
                }
            }
        }
    }
}
