using System.Net.Sockets;
using System.Text;
using Imap.Testing.Dovecot;
using Imap.Testing.Network;
using Imap.Testing.Processes;
using Imap.Testing.Tls;

namespace Imap.Testing.Cyrus;

/// <summary>
/// A real Cyrus IMAP 3.6 on 127.0.0.1 with free ports, in its own temp directory: the second real
/// QRESYNC server (no NOTIFY, different namespace and reply details). imapd is the one test.sh unpacks
/// into /opt/cyrus-imapd (installing cyrus-imapd would remove dovecot-imapd). Stopped by PID like
/// <see cref="DovecotServer"/>, with the same safety nets. Cyrus has no PREAUTH stdio mode.
/// </summary>
public sealed partial class CyrusServer : IAsyncDisposable
{
    internal const string CyrusBin = "/usr/lib/cyrus/bin";
    private const string UnpackedImapdBin = "/opt/cyrus-imapd/usr/lib/cyrus/bin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private readonly CyrusPaths _paths;
    private DaemonProcess? _master;
    private Task? _stopTask;

    private CyrusServer(CyrusOptions options, CyrusPaths paths, TestCertificate? certificate)
    {
        Options = options;
        _paths = paths;
        Certificate = certificate;
    }

    /// <summary>The options the server was started with.</summary>
    public CyrusOptions Options { get; }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>Plain IMAP port (STARTTLS available when <see cref="CyrusOptions.Tls"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Implicit-TLS port; 0 when TLS is off.</summary>
    public int ImapsPort { get; private set; }

    /// <summary>The hierarchy separator the server uses.</summary>
    public char HierarchySeparator => Options.HierarchySeparator;

    /// <summary>
    /// Prefix of personal mailboxes other than INBOX: "" with altnamespace, "INBOX" + separator without.
    /// </summary>
    public string PersonalPrefix => Options.AltNamespace ? "" : "INBOX" + HierarchySeparator;

    /// <summary>Accounts that can log in (the IMAP admin <c>admin</c> is extra).</summary>
    public IReadOnlyList<DovecotUser> Users => Options.Users;

    /// <summary>The IMAP administrator's password (user <c>admin</c>).</summary>
    public static string AdminPassword => "adminpw";

    /// <summary>The instance directory (deleted on stop).</summary>
    public string Directory => _paths.Root;

    /// <summary>The server certificate; null when TLS is off.</summary>
    public TestCertificate? Certificate { get; }

    /// <summary>Path of the certificate, which is also the CA file to trust. Throws when TLS is off.</summary>
    public string CertificatePath => RequireCertificate().CertificatePath;

    /// <summary>SPKI pin in InterIMAP's SSL_fingerprint form (<c>sha256$hex</c>). Throws when TLS is off.</summary>
    public string SpkiFingerprint => RequireCertificate().SpkiFingerprint;

    /// <summary>PID of the Cyrus master process.</summary>
    public int MasterPid => _master?.Identity.Pid ?? 0;

    /// <summary>True until the server has been stopped.</summary>
    public bool IsRunning => _stopTask is null && _master is not null && UnixProcess.IsSameLiveProcess(_master.Identity);

    /// <summary>True when Cyrus (cyrus-common and an imapd) is present, as test.sh installs it.</summary>
    public static bool IsInstalled => File.Exists($"{CyrusBin}/master") && ImapdBinDirectory is not null;

    private static string? ImapdBinDirectory =>
        File.Exists($"{UnpackedImapdBin}/imapd") ? UnpackedImapdBin
        : File.Exists($"{CyrusBin}/imapd") ? CyrusBin
        : null;

    /// <summary>The password of one of <see cref="Users"/>, or of <c>admin</c>.</summary>
    public string PasswordOf(string user) =>
        user == "admin" ? AdminPassword
        : Users.FirstOrDefault(u => u.Name == user)?.Password ?? throw new ArgumentException($"no user {user}", nameof(user));

    /// <summary>argv of a tunnel to the plain port (Cyrus has no PREAUTH mode: LOGIN through it).</summary>
    public IReadOnlyList<string> TunnelArguments() => ["/usr/bin/socat", "-", $"TCP:{Host}:{Port}"];

    /// <summary>Starts a server and waits until it greets on its port.</summary>
    public static async Task<CyrusServer> StartAsync(CyrusOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CyrusOptions();
        if (options.HierarchySeparator is not ('/' or '.'))
        {
            throw new ArgumentException("the hierarchy separator must be '/' or '.'", nameof(options));
        }

        if (!IsInstalled)
        {
            throw new InvalidOperationException($"Cyrus is not installed: run ./test.sh once (it installs cyrus-common and unpacks imapd into {UnpackedImapdBin})");
        }

        var identity = await RunningIdentity.GetAsync();
        var paths = new CyrusPaths(InstanceDirectories.Create("cyrus"));
        FixtureRegistry.Register(paths.Root);
        CyrusServer? server = null;
        try
        {
            server = await PrepareAsync(options, paths, identity, cancellationToken);
            await server.LaunchAsync(identity, cancellationToken);
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

    /// <summary>The master's log (Cyrus logs to syslog otherwise), for assertion messages.</summary>
    public string ReadLogs() => File.Exists(_paths.MasterLogPath) ? File.ReadAllText(_paths.MasterLogPath) : "";

    private TestCertificate RequireCertificate() =>
        Certificate ?? throw new InvalidOperationException("TLS is off for this server (CyrusOptions.Tls = false)");

    private static async Task<CyrusServer> PrepareAsync(CyrusOptions options, CyrusPaths paths, RunningIdentity identity, CancellationToken cancellationToken)
    {
        foreach (var directory in paths.Directories)
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        var certificate = options.Tls ? TestCertificate.Create(paths.TlsDirectory) : null;
        foreach (var user in options.Users.Append(new DovecotUser("admin", AdminPassword)))
        {
            // The realm must equal servername; the password goes through stdin, never argv.
            await CommandRunner.RunCheckedAsync(
                "/usr/sbin/saslpasswd2", ["-p", "-c", "-f", paths.SaslDbPath, "-u", "localhost", user.Name],
                Encoding.UTF8.GetBytes(user.Password), cancellationToken);
        }

        if (identity.IsRoot)
        {
            var cyrus = await CyrusAccount.GetAsync();
            UnixProcess.ChownRecursive(paths.Root, cyrus.Uid, cyrus.Gid);
        }

        return new CyrusServer(options, paths, certificate);
    }

    private async Task LaunchAsync(RunningIdentity identity, CancellationToken cancellationToken)
    {
        var (user, group) = identity.IsRoot ? ("cyrus", "mail") : (identity.MailUser, identity.MailGroup);
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.Take(Options.Tls ? 2 : 1);
            Port = ports[0];
            ImapsPort = Options.Tls ? ports[1] : 0;
            await File.WriteAllTextAsync(_paths.ImapdConfPath, CyrusConfigWriter.ImapdConf(_paths, Options, user, group, Port), cancellationToken);
            await File.WriteAllTextAsync(_paths.CyrusConfPath, CyrusConfigWriter.CyrusConf(_paths, ImapdBinDirectory!, Port, ImapsPort), cancellationToken);

            _master?.Dispose();
            _master = DaemonProcess.Start(
                $"{CyrusBin}/master -C {DaemonProcess.ShellQuote(_paths.ImapdConfPath)} -M {DaemonProcess.ShellQuote(_paths.CyrusConfPath)} -p {DaemonProcess.ShellQuote(_paths.MasterPidPath)}",
                _paths.MasterLogPath);

            if (await WaitReadyAsync(cancellationToken))
            {
                return;
            }

            // master_bind_errors_fatal: a port taken meanwhile makes master exit; try other ports.
            if (_master.HasExited && attempt < 5)
            {
                continue;
            }

            throw new InvalidOperationException(
                $"Cyrus did not become ready on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s.\n{ReadLogs()}");
        }
    }

    /// <summary>Ready = a greeting on a port that our master really listens on.</summary>
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

            if (ListeningSockets.IsListeningOn(_master.Identity.Pid, Port)
                && (!Options.Tls || ListeningSockets.IsListeningOn(_master.Identity.Pid, ImapsPort))
                && await TryReadGreetingAsync(cancellationToken) is { } greeting
                && greeting.StartsWith("* OK", StringComparison.Ordinal))
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
        catch (Exception e) when (e is SocketException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
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
}
