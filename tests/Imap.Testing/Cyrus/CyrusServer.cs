using System.Text;
using Imap.Testing.Dovecot;
using Imap.Testing.Network;
using Imap.Testing.Processes;
using Imap.Testing.Seeding;
using Imap.Testing.Tls;

namespace Imap.Testing.Cyrus;

/// <summary>
/// A real Cyrus IMAP 3.6 on 127.0.0.1 with free ports, in its own temp directory: the second real
/// QRESYNC server (no NOTIFY, different namespace and reply details). imapd is the one test.sh unpacks
/// into /opt/cyrus-imapd (installing cyrus-imapd would remove dovecot-imapd). Stopped by PID like
/// <see cref="DovecotServer"/>, with the same safety nets. Cyrus has no PREAUTH stdio mode.
/// </summary>
public sealed class CyrusServer : SessionSeededServer
{
    internal const string CyrusBin = "/usr/lib/cyrus/bin";
    private const string UnpackedImapdBin = "/opt/cyrus-imapd/usr/lib/cyrus/bin";

    private readonly CyrusPaths _paths;
    private readonly RunningIdentity _identity;

    private CyrusServer(CyrusOptions options, CyrusPaths paths, RunningIdentity identity, TestCertificate? certificate)
        : base(paths.Root, certificate)
    {
        Options = options;
        _paths = paths;
        _identity = identity;
    }

    /// <summary>The options the server was started with.</summary>
    public CyrusOptions Options { get; }

    /// <inheritdoc/>
    public override char HierarchySeparator => Options.HierarchySeparator;

    /// <summary>
    /// Prefix of personal mailboxes other than INBOX: "" with altnamespace, "INBOX" + separator without.
    /// </summary>
    public string PersonalPrefix => Options.AltNamespace ? "" : "INBOX" + HierarchySeparator;

    /// <summary>Accounts that can log in (the IMAP admin <c>admin</c> is extra).</summary>
    public override IReadOnlyList<DovecotUser> Users => Options.Users;

    /// <summary>The IMAP administrator's password (user <c>admin</c>).</summary>
    public static string AdminPassword => "adminpw";

    /// <summary>True when Cyrus (cyrus-common and an imapd) is present, as test.sh installs it.</summary>
    public static bool IsInstalled => File.Exists($"{CyrusBin}/master") && ImapdBinDirectory is not null;

    private static string? ImapdBinDirectory =>
        File.Exists($"{UnpackedImapdBin}/imapd") ? UnpackedImapdBin
        : File.Exists($"{CyrusBin}/imapd") ? CyrusBin
        : null;

    /// <summary>The password of one of <see cref="Users"/>, or of <c>admin</c>.</summary>
    public override string PasswordOf(string user) => user == "admin" ? AdminPassword : base.PasswordOf(user);

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
        return await StartInstanceAsync("cyrus", directory => PrepareAsync(options, new CyrusPaths(directory), identity, cancellationToken), cancellationToken);
    }

    /// <summary>The master's log (Cyrus logs to syslog otherwise), for assertion messages.</summary>
    public override string ReadLogs() => File.Exists(_paths.MasterLogPath) ? File.ReadAllText(_paths.MasterLogPath) : "";

    private protected override async Task<(string Command, string LogPath)> ConfigureAsync(CancellationToken cancellationToken)
    {
        var (user, group) = _identity.IsRoot ? ("cyrus", "mail") : (_identity.MailUser, _identity.MailGroup);
        var ports = FreePort.Take(Options.Tls ? 2 : 1);
        Port = ports[0];
        ImapsPort = Options.Tls ? ports[1] : 0;
        await File.WriteAllTextAsync(_paths.ImapdConfPath, CyrusConfigWriter.ImapdConf(_paths, Options, user, group, Port), cancellationToken);
        await File.WriteAllTextAsync(_paths.CyrusConfPath, CyrusConfigWriter.CyrusConf(_paths, ImapdBinDirectory!, Port, ImapsPort), cancellationToken);

        // Without -d the master stays in the foreground as our child; as root it drops to cyrus itself.
        return ($"{CyrusBin}/master -C {DaemonProcess.ShellQuote(_paths.ImapdConfPath)} -M {DaemonProcess.ShellQuote(_paths.CyrusConfPath)} -p {DaemonProcess.ShellQuote(_paths.MasterPidPath)}",
            _paths.MasterLogPath);
    }

    /// <summary>A TCP session with LOGIN; a user's INBOX exists once the user has logged in.</summary>
    private protected override Task<ImapSeedSession> OpenSeedSessionAsync(string user, CancellationToken cancellationToken) =>
        ImapSeedSession.OpenTcpAsync(Host, Port, user, PasswordOf(user), cancellationToken);

    /// <summary>The greeting has no per-instance text; the base class checks that our master holds the port.</summary>
    private protected override bool IsOwnGreeting(string greeting) => greeting.StartsWith("* OK", StringComparison.Ordinal);

    /// <summary>master_bind_errors_fatal: a port taken meanwhile makes master exit; try other ports.</summary>
    private protected override bool IsPortRace() => true;

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

        return new CyrusServer(options, paths, identity, certificate);
    }
}
