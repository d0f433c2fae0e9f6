using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>
/// A line-level IMAP connection for the fixture self-tests, deliberately independent of our own
/// client: TCP, implicit TLS or STARTTLS, validated against the fixture's certificate.
/// </summary>
internal sealed class RawImapConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private StreamReader _reader;
    private int _tag;

    private RawImapConnection(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
        _reader = new StreamReader(stream, Encoding.ASCII);
    }

    public string Greeting { get; private set; } = "";

    /// <summary>The certificate the server presented (TLS connections only).</summary>
    public X509Certificate2? RemoteCertificate { get; private set; }

    public static async Task<RawImapConnection> ConnectAsync(string host, int port, string? trustedCertificatePath = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port);
        var connection = new RawImapConnection(tcp, tcp.GetStream());
        if (trustedCertificatePath is not null)
        {
            await connection.UpgradeAsync(trustedCertificatePath);
        }

        connection.Greeting = await connection.ReadLineAsync();
        return connection;
    }

    /// <summary>Sends STARTTLS and upgrades the stream.</summary>
    public async Task StartTlsAsync(string trustedCertificatePath)
    {
        var reply = await CommandAsync("STARTTLS");
        Assert.StartsWith("OK", reply[^1].Split(' ', 2)[1], StringComparison.Ordinal);
        await UpgradeAsync(trustedCertificatePath);
    }

    /// <summary>Sends a command; returns the responses, the tagged one last.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string command)
    {
        var tag = "t" + (++_tag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes($"{tag} {command}\r\n"));
        await _stream.FlushAsync();
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }

    /// <summary>
    /// One SASL step: sends <paramref name="command"/> (tagged) if given, then <paramref name="response"/>
    /// base64-encoded (or an empty line when null); returns the next line (a "+ " challenge or the tagged reply).
    /// </summary>
    public async Task<string> AuthenticateStepAsync(string? command, string? response)
    {
        var text = new StringBuilder();
        if (command is not null)
        {
            var tag = "t" + (++_tag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{tag} {command}\r\n"));
            var ready = await ReadLineAsync();
            Assert.StartsWith("+", ready, StringComparison.Ordinal);
        }

        text.Append(response is null ? "" : Convert.ToBase64String(Encoding.ASCII.GetBytes(response))).Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
        await _stream.FlushAsync();
        string line;
        do
        {
            line = await ReadLineAsync();
        }
        while (line.StartsWith("* ", StringComparison.Ordinal));

        return line;
    }

    /// <summary>The capability list after login (from the tagged OK code or an untagged CAPABILITY).</summary>
    public async Task<string[]> LoginAsync(string user, string password)
    {
        var lines = await CommandAsync($"LOGIN \"{user}\" \"{password}\"");
        Assert.Contains(" OK ", lines[^1], StringComparison.Ordinal);
        return Capabilities(lines);
    }

    public static string[] Capabilities(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var at = line.IndexOf("CAPABILITY ", StringComparison.Ordinal);
            if (at >= 0)
            {
                var text = line[(at + "CAPABILITY ".Length)..];
                var end = text.IndexOf(']', StringComparison.Ordinal);
                return (end >= 0 ? text[..end] : text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        return [];
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
        RemoteCertificate?.Dispose();
    }

    private async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed");
    }

    private async Task UpgradeAsync(string trustedCertificatePath)
    {
        using var trusted = X509CertificateLoader.LoadCertificateFromFile(trustedCertificatePath);
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { trusted },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        RemoteCertificate = new X509Certificate2(ssl.RemoteCertificate!);
        _stream = ssl;
        _reader = new StreamReader(ssl, Encoding.ASCII);
    }
}
