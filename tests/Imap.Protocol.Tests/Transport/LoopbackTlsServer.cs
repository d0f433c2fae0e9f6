using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Imap.Protocol.Tests.Transport;

/// <summary>Accepts one connection, does a TLS handshake and writes a greeting line.</summary>
internal sealed class LoopbackTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serve;

    public LoopbackTlsServer(X509Certificate2 certificate)
    {
        _listener.Start();
        _serve = ServeAsync(certificate);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The SNI name the client sent ("" when none).</summary>
    public string? ReceivedServerName { get; private set; }

    private async Task ServeAsync(X509Certificate2 certificate)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await using var ssl = new SslStream(client.GetStream());
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateSelectionCallback = (_, name) =>
                {
                    ReceivedServerName = name ?? "";
                    return certificate;
                },
            });
            await ssl.WriteAsync(Encoding.ASCII.GetBytes("* OK ready\r\n"));
            await ssl.FlushAsync();
            _ = await ssl.ReadAsync(new byte[1]);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            // The client refused us: that is what several tests want.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serve.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
        {
        }
    }
}
