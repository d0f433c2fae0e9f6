using System.Text;
using Imap.Testing.Network;
using Imap.Testing.Processes;
using Imap.Testing.Tls;

namespace Imap.Testing.Dovecot;

/// <summary>
/// A real Dovecot 2.3 on 127.0.0.1 with free ports, in its own temp directory. Start with
/// <see cref="StartAsync"/>; <see cref="LocalImapServer.DisposeAsync"/> stops it by PID (SIGTERM, then
/// SIGKILL after a few seconds) and deletes the directory. Anything not disposed is killed when the
/// test process exits, and orphans of a killed test process are swept by the next one (and by test.sh).
/// </summary>
public sealed partial class DovecotServer : LocalImapServer
{
    private const string DovecotBinary = "/usr/sbin/dovecot";

    private readonly DovecotServerPaths _paths;
    private readonly RunningIdentity _identity;
    private readonly string _greetingMarker;

    private DovecotServer(DovecotOptions options, DovecotServerPaths paths, RunningIdentity identity, TestCertificate? certificate)
        : base(paths.Root, certificate)
    {
        Options = options;
        _paths = paths;
        _identity = identity;
        _greetingMarker = "imap-testing " + Path.GetFileName(paths.Root);
    }

    /// <summary>The options the server was started with.</summary>
    public DovecotOptions Options { get; }

    /// <inheritdoc/>
    public override char HierarchySeparator => Options.HierarchySeparator;

    /// <inheritdoc/>
    public override IReadOnlyList<DovecotUser> Users => Options.Users;

    /// <summary>The generated dovecot.conf.</summary>
    public string ConfigPath => _paths.ConfigPath;

    /// <summary>Dovecot's log (logins, errors).</summary>
    public string LogPath => _paths.LogPath;

    /// <summary>Where rawlog writes <c>*.in</c>/<c>*.out</c> per connection when <see cref="DovecotOptions.RawLog"/> is on.</summary>
    public string RawLogDirectory => _paths.RawLogDirectory;

    /// <summary>Starts a server and waits until it greets on its port.</summary>
    public static async Task<DovecotServer> StartAsync(DovecotOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DovecotOptions();
        Validate(options);
        var identity = await RunningIdentity.GetAsync();
        return await StartInstanceAsync("dovecot", directory => Task.FromResult(Prepare(options, new DovecotServerPaths(directory), identity)), cancellationToken);
    }

    /// <inheritdoc/>
    public override string ReadLogs()
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

    private protected override async Task<(string Command, string LogPath)> ConfigureAsync(CancellationToken cancellationToken)
    {
        var ports = FreePort.Take(Options.Tls ? 2 : 1);
        Port = ports[0];
        ImapsPort = Options.Tls ? ports[1] : 0;
        var config = DovecotConfigWriter.Write(_paths, Options, _identity, Port, ImapsPort)
            + $"login_greeting = Dovecot ready ({_greetingMarker}).\n";
        await File.WriteAllTextAsync(_paths.ConfigPath, config, cancellationToken);

        // -F: the master stays in the foreground as our child, so its PID is known from the start.
        return ($"{DovecotBinary} -F -c {ShellQuote(_paths.ConfigPath)}", _paths.StartupLogPath);
    }

    /// <summary>Our marker in the text, and not "Waiting for authentication process" (auth not up yet).</summary>
    private protected override bool IsOwnGreeting(string greeting) =>
        greeting.StartsWith("* OK", StringComparison.Ordinal) && greeting.Contains(_greetingMarker, StringComparison.Ordinal);

    private protected override bool IsPortRace() =>
        File.Exists(_paths.StartupLogPath) && File.ReadAllText(_paths.StartupLogPath).Contains("Address already in use", StringComparison.Ordinal);

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

    internal static string ShellQuote(string value) => DaemonProcess.ShellQuote(value);
}
