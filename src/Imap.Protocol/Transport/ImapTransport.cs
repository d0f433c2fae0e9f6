using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Imap.Protocol.Transport;

/// <summary>
/// The byte stream to one server and its layers: TCP socket (direct or through SOCKS5) or tunnel
/// process, then TLS, then DEFLATE. The client reads and writes <see cref="Stream"/>, the top layer.
/// </summary>
internal sealed class ImapTransport : IAsyncDisposable
{
    private readonly ImapTransportOptions _options;
    private readonly List<Stream> _layers = [];

    private ImapTransport(ImapTransportOptions options, Stream bottom, bool isTunnel)
    {
        _options = options;
        _layers.Add(bottom);
        IsTunnel = isTunnel;
    }

    /// <summary>The top of the stack: what IMAP bytes are written to and read from.</summary>
    public Stream Stream => _layers[^1];

    /// <summary>True when the connection is a tunnel command rather than TCP.</summary>
    public bool IsTunnel { get; }

    /// <summary>True once TLS is active.</summary>
    public bool IsTls => Tls is not null;

    /// <summary>True once COMPRESS=DEFLATE is active.</summary>
    public bool IsCompressed => _layers[^1] is DeflateDuplexStream;

    /// <summary>Negotiated TLS protocol, or None.</summary>
    public SslProtocols TlsProtocol => Tls?.SslProtocol ?? SslProtocols.None;

    /// <summary>Negotiated cipher suite, or null.</summary>
    public TlsCipherSuite? TlsCipherSuite => Tls?.NegotiatedCipherSuite;

    /// <summary>SPKI SHA-256 fingerprint of the server certificate (<c>sha256$hex</c>), once TLS is up.</summary>
    public string? PeerFingerprint { get; private set; }

    /// <summary>Bytes on the wire (below TLS) and before compression (equal without COMPRESS).</summary>
    public ImapTraffic Traffic
    {
        get
        {
            var wire = (CountingStream)_layers[0];
            return _layers[^1] is DeflateDuplexStream deflate
                ? new ImapTraffic(wire.BytesRead, wire.BytesWritten, deflate.PlainBytesRead, deflate.PlainBytesWritten)
                : new ImapTraffic(wire.BytesRead, wire.BytesWritten, wire.BytesRead, wire.BytesWritten);
        }
    }

    private SslStream? Tls => _layers.OfType<SslStream>().FirstOrDefault();

    /// <summary>Opens the connection; for <see cref="ImapSecurity.Tls"/> the handshake is done too.</summary>
    public static async Task<ImapTransport> ConnectAsync(ImapTransportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            if (options.TunnelCommand is { } command)
            {
                return new ImapTransport(options, new CountingStream(TunnelProcessStream.Start(command, options.TunnelStderr)), isTunnel: true);
            }
            var stream = await ConnectTcpAsync(options, timeout.Token).ConfigureAwait(false);
            var transport = new ImapTransport(options, new CountingStream(stream), isTunnel: false);
            if (options.Security == ImapSecurity.Tls)
            {
                try
                {
                    await transport.StartTlsAsync(timeout.Token).ConfigureAwait(false);
                }
                catch
                {
                    await transport.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
            return transport;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImapConnectionException($"Timed out connecting to {options.Host}:{options.EffectivePort} after {options.ConnectTimeout.TotalSeconds:0.#} s", ex);
        }
    }

    /// <summary>Wraps a stream the caller already has (tests, custom transports).</summary>
    public static ImapTransport FromStream(Stream stream, ImapTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ImapTransport(options ?? new ImapTransportOptions { Security = ImapSecurity.None }, new CountingStream(stream), isTunnel: false);
    }

    private static async Task<Stream> ConnectTcpAsync(ImapTransportOptions options, CancellationToken cancellationToken)
    {
        if (options.Proxy is null)
        {
            var socket = await TcpConnector.ConnectAsync(options.BareHost, options.EffectivePort, options.TcpKeepAlive, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        var proxy = Socks5Proxy.Parse(options.Proxy);
        var proxySocket = await TcpConnector.ConnectAsync(proxy.Host, proxy.Port, options.TcpKeepAlive, cancellationToken).ConfigureAwait(false);
        var proxyStream = new NetworkStream(proxySocket, ownsSocket: true);
        try
        {
            await proxy.ConnectAsync(proxyStream, options.BareHost, options.EffectivePort, cancellationToken).ConfigureAwait(false);
            return proxyStream;
        }
        catch
        {
            await proxyStream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs the TLS handshake on the current top layer (imaps, or after a STARTTLS OK). Throws
    /// <see cref="ImapTlsException"/> when the handshake fails or the certificate is refused.
    /// </summary>
    public async Task StartTlsAsync(CancellationToken cancellationToken = default)
    {
        if (IsTls)
        {
            throw new InvalidOperationException("TLS is already active.");
        }
        var validator = new TlsCertificateValidator(_options.Tls, _options.BareHost);
        var sslOptions = TlsClientOptionsFactory.Create(_options.Tls, _options.BareHost, validator);
        var ssl = new SslStream(Stream, leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsClientAsync(sslOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new ImapTlsException($"SSL ERROR: Can't initiate TLS/SSL handshake with {_options.Host}: {validator.FailureReason ?? ex.Message}", ex);
        }
        PeerFingerprint = validator.PeerFingerprint;
        _layers.Add(ssl);
    }

    /// <summary>
    /// Starts COMPRESS=DEFLATE after the server's OK. <paramref name="alreadyReceived"/> holds bytes
    /// read past the OK line, which are already compressed.
    /// </summary>
    public void StartCompression(ReadOnlyMemory<byte> alreadyReceived = default)
    {
        if (IsCompressed)
        {
            throw new InvalidOperationException("Compression is already active.");
        }
        _layers.Add(new DeflateDuplexStream(Stream, alreadyReceived.ToArray()));
    }

    /// <summary>Closes every layer, top first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            try
            {
                await _layers[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // A layer may fail to write its goodbye (TLS close_notify, deflate trailer) on a dead socket.
            }
        }
        _layers.Clear();
        _layers.Add(Stream.Null);
    }
}
