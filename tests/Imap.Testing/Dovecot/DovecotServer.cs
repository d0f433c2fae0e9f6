using System.Net.Sockets;
using System.Text;
using Imap.Testing.Network;
using Imap.Testing.Processes;
using Imap.Testing.Tls;

namespace Imap.Testing.Dovecot;

/// <summary>
/// A real Dovecot 2.3 on 127.0.0.1 with free ports, in its own temp directory. Start with
/// <see cref="StartAsync"/>; <see cref="DisposeAsync"/> stops it by PID (SIGTERM, then SIGKILL after
/// a few seconds) and deletes the directory. Anything not disposed is killed when the test process
/// exits, and orphans of a killed test process are swept by the next one (and by test.sh).
/// </summary>
public sealed partial class DovecotServer : IAsyncDisposable
{
    private const string DovecotBinary = "/usr/sbin/dovecot";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private readonly DovecotServerPaths _paths;
    private readonly RunningIdentity _identity;
    private readonly string _greetingMarker;
    private DaemonProcess? _master;
    private Task? _stopTask;

    private DovecotServer(DovecotOptions options, DovecotServerPaths paths, RunningIdentity identity, TestCertificate? certificate)
    {
        Options = options;
        _paths = paths;
        _identity = identity;
        Certificate = certificate;
        _greetingMarker = "imap-testing " + Path.GetFileName(paths.Root);
    }

    /// <summary>The options the server was started with.</summary>
    public DovecotOptions Options { get; }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>Plain IMAP port (STARTTLS available when <see cref="DovecotOptions.Tls"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Implicit-TLS port; 0 when TLS is off.</summary>
    public int ImapsPort { get; private set; }

    /// <summary>The hierarchy separator the server uses.</summary>
    public char HierarchySeparator => Options.HierarchySeparator;

    /// <summary>Accounts that can log in.</summary>
    public IReadOnlyList<DovecotUser> Users => Options.Users;

    /// <summary>The instance directory (deleted on stop).</summary>
    public string Directory => _paths.Root;

    /// <summary>The generated dovecot.conf.</summary>
    public string ConfigPath => _paths.ConfigPath;

    /// <summary>Dovecot's log (logins, errors).</summary>
    public string LogPath => _paths.LogPath;

    /// <summary>Where rawlog writes <c>*.in</c>/<c>*.out</c> per connection when <see cref="DovecotOptions.RawLog"/> is on.</summary>
    public string RawLogDirectory => _paths.RawLogDirectory;

    /// <summary>The server certificate; null when TLS is off.</summary>
    public TestCertificate? Certificate { get; }

    /// <summary>Path of the certificate, which is also the CA file to trust. Throws when TLS is off.</summary>
    public string CertificatePath => RequireCertificate().CertificatePath;

    /// <summary>SPKI pin in InterIMAP's SSL_fingerprint form (<c>sha256$hex</c>). Throws when TLS is off.</summary>
    public string SpkiFingerprint => RequireCertificate().SpkiFingerprint;

    /// <summary>PID of the Dovecot master process.</summary>
    public int MasterPid => _master?.Identity.Pid ?? 0;

    /// <summary>True until the server has been stopped.</summary>
    public bool IsRunning => _stopTask is null && _master is not null && UnixProcess.IsSameLiveProcess(_master.Identity);

    /// <summary>The password of one of <see cref="Users"/>.</summary>
    public string PasswordOf(string user) =>
        Users.FirstOrDefault(u => u.Name == user)?.Password ?? throw new ArgumentException($"no user {user}", nameof(user));

    /// <summary>Starts a server and waits until it greets on its port.</summary>
    public static async Task<DovecotServer> StartAsync(DovecotOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DovecotOptions();
        Validate(options);
        var identity = await RunningIdentity.GetAsync();
        var paths = new DovecotServerPaths(InstanceDirectories.Create("dovecot"));
        FixtureRegistry.Register(paths.Root);
        DovecotServer? server = null;
        try
        {
            server = Prepare(options, paths, identity);
            await server.LaunchAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.StopAsync(CancellationToken.None);
            }
            else
            {
                InstanceDirectories.ForceRemove(paths.Root);
                FixtureRegistry.Unregister(paths.Root);
            }

            throw;
        }
    }

    /// <summary>Stops the server (idempotent) and deletes its directory. Throws if something survives.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopTask ??= StopCoreAsync();
        return _stopTask.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>The server's logs (startup, server, tunnel), for assertion messages.</summary>
    public string ReadLogs()
    {
        var sb = new StringBuilder();
        foreach (var log in new[] { _paths.StartupLogPath, _paths.LogPath, _paths.TunnelLogPath })
        {
            if (File.Exists(log))
            {
                sb.Append("==> ").Append(log).Append(" <==\n").Append(File.ReadAllText(log));
            }
        }

        return sb.ToString();
    }

    private TestCertificate RequireCertificate() =>
        Certificate ?? throw new InvalidOperationException("TLS is off for this server (DovecotOptions.Tls = false)");

    private static void Validate(DovecotOptions options)
    {
        if (options.HierarchySeparator is not ('/' or '.'))
        {
            throw new ArgumentException("the hierarchy separator must be '/' or '.'", nameof(options));
        }

        if (options.Users.Count == 0
            || options.Users.Any(u => u.Name.Length == 0 || !u.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
                || u.Password.IndexOfAny([':', '\r', '\n']) >= 0))
        {
            throw new ArgumentException("user names must be [A-Za-z0-9._-]+ and passwords must not contain ':' or line breaks", nameof(options));
        }
    }

    private static DovecotServer Prepare(DovecotOptions options, DovecotServerPaths paths, RunningIdentity identity)
    {
        System.IO.Directory.CreateDirectory(paths.LogDirectory);
        System.IO.Directory.CreateDirectory(paths.MailRoot);
        System.IO.Directory.CreateDirectory(paths.RawLogDirectory);
        TestCertificate? certificate = null;
        if (options.Tls)
        {
            System.IO.Directory.CreateDirectory(paths.TlsDirectory);
            certificate = TestCertificate.Create(paths.TlsDirectory);
        }

        var passwd = string.Concat(options.Users.Select(u => $"{u.Name}:{{PLAIN}}{u.Password}::::::\n"));
        FileModes.WriteAllText(paths.PasswdPath, passwd, FileModes.OwnerOnly | UnixFileMode.GroupRead);
        foreach (var user in options.Users)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(paths.MailRoot, user.Name));
        }

        if (identity.IsRoot)
        {
            UnixProcess.ChownRecursive(paths.MailRoot, identity.MailUid, identity.MailGid);
            UnixProcess.Chown(paths.RawLogDirectory, identity.MailUid, identity.MailGid);
            UnixProcess.Chown(paths.PasswdPath, 0, identity.InternalGid); // the auth process runs as dovecot
        }

        return new DovecotServer(options, paths, identity, certificate);
    }

    /// <summary>Launches the master in the foreground (-F) so it is our child; retries on a port race.</summary>
    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.Take(Options.Tls ? 2 : 1);
            Port = ports[0];
            ImapsPort = Options.Tls ? ports[1] : 0;
            var config = DovecotConfigWriter.Write(_paths, Options, _identity, Port, ImapsPort)
                + $"login_greeting = Dovecot ready ({_greetingMarker}).\n";
            await File.WriteAllTextAsync(_paths.ConfigPath, config, cancellationToken);

            _master?.Dispose();
            _master = DaemonProcess.Start($"{DovecotBinary} -F -c {ShellQuote(_paths.ConfigPath)}", _paths.StartupLogPath);

            if (await WaitReadyAsync(cancellationToken))
            {
                return;
            }

            var startupLog = File.Exists(_paths.StartupLogPath) ? await File.ReadAllTextAsync(_paths.StartupLogPath, cancellationToken) : "";
            if (_master.HasExited && startupLog.Contains("Address already in use", StringComparison.Ordinal) && attempt < 5)
            {
                continue;
            }

            throw new InvalidOperationException(
                $"Dovecot did not become ready on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s.\n{ReadLogs()}");
        }
    }

    /// <summary>Ready = our own greeting (marker in the text) once the auth process answers.</summary>
    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_master!.HasExited)
            {
                return false;
            }

            var greeting = await TryReadGreetingAsync(cancellationToken);
            if (greeting is not null && greeting.StartsWith("* OK", StringComparison.Ordinal)
                && greeting.Contains(_greetingMarker, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(25, cancellationToken);
        }

        return false;
    }

    private async Task<string?> TryReadGreetingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Host, Port, timeout.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            return await reader.ReadLineAsync(timeout.Token);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task StopCoreAsync()
    {
        try
        {
            if (_master is not null)
            {
                await _master.StopAsync(_paths.Root, GracefulStopTimeout);
            }

            InstanceDirectories.DeleteTree(_paths.Root);
        }
        finally
        {
            _master?.Dispose();
        }

        FixtureRegistry.Unregister(_paths.Root);
        if (System.IO.Directory.Exists(_paths.Root))
        {
            throw new InvalidOperationException($"could not delete {_paths.Root}");
        }
    }

    internal static string ShellQuote(string value) => DaemonProcess.ShellQuote(value);
}
