using System.Globalization;
using Imap.Testing.Dovecot;
using Imap.Testing.Network;
using Imap.Testing.Processes;
using Imap.Testing.Seeding;

namespace Imap.Testing.Courier;

/// <summary>
/// A real Courier-IMAP 5 in its own temp directory: the third real server, and the one without
/// CONDSTORE, QRESYNC, MULTIAPPEND, LITERAL+, MOVE and LIST-EXTENDED, whose SELECT sends no [UIDNEXT]
/// and whose personal folders are named <c>INBOX.x</c>. It runs pre-authenticated on stdio (what a
/// tunnel runs: <see cref="TunnelCommand"/>), without authdaemon. The master is socat serving the same
/// PREAUTH session over TCP on <see cref="LocalImapServer.Port"/>, for the first of
/// <see cref="CourierOptions.Users"/> only (no login). imapd is the one test.sh unpacks into
/// /opt/courier (installing courier-imap would remove dovecot-imapd).
/// </summary>
public sealed class CourierServer : SessionSeededServer
{
    private const string Root = CourierTunnelScript.Root;
    private const string ImapdBinary = Root + "/usr/bin/imapd";
    private const string SocatBinary = "/usr/bin/socat";

    private readonly CourierPaths _paths;

    private CourierServer(CourierOptions options, CourierPaths paths)
        : base(paths.Root, null)
    {
        Options = options;
        _paths = paths;
    }

    /// <summary>The options the server was started with.</summary>
    public CourierOptions Options { get; }

    /// <summary>Courier's folders are <c>INBOX.name</c>.</summary>
    public override char HierarchySeparator => '.';

    /// <summary>Prefix of personal mailboxes other than INBOX (NAMESPACE <c>(("INBOX." "."))</c>).</summary>
    public static string PersonalPrefix => "INBOX.";

    /// <inheritdoc/>
    public override IReadOnlyList<DovecotUser> Users => Options.Users;

    /// <summary>True when Courier-IMAP is unpacked where test.sh puts it.</summary>
    public static bool IsInstalled => File.Exists(ImapdBinary) && File.Exists(SocatBinary);

    /// <summary>Where the imapd processes' stderr (login/logout lines, errors) goes.</summary>
    public string TunnelLogPath => _paths.TunnelLogPath;

    /// <summary>Starts a server and waits until it greets on its port.</summary>
    public static async Task<CourierServer> StartAsync(CourierOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CourierOptions();
        if (options.Users.Count == 0 || options.Users.Any(u => u.Name.Length == 0 || !u.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            throw new ArgumentException("user names must be [A-Za-z0-9._-]+", nameof(options));
        }

        if (!IsInstalled)
        {
            throw new InvalidOperationException($"Courier-IMAP is not unpacked: run ./test.sh once (it unpacks courier-imap into {Root})");
        }

        return await StartInstanceAsync("courier", directory => PrepareAsync(options, new CourierPaths(directory)), cancellationToken);
    }

    /// <summary>argv of a process that speaks pre-authenticated IMAP as <paramref name="user"/> on stdin/stdout.</summary>
    public IReadOnlyList<string> TunnelArguments(string user)
    {
        _ = PasswordOf(user);
        return [_paths.TunnelScriptPath, user];
    }

    /// <summary>The same as <see cref="TunnelArguments"/> as one command line (absolute paths, no shell needed).</summary>
    public string TunnelCommand(string user) => string.Join(' ', TunnelArguments(user));

    /// <inheritdoc/>
    public override string ReadLogs() => string.Concat(new[] { _paths.ListenerLogPath, _paths.TunnelLogPath }
        .Where(File.Exists).Select(log => $"==> {log} <==\n{File.ReadAllText(log)}"));

    private protected override bool HasModSeq => false;

    private protected override Task<ImapSeedSession> OpenSeedSessionAsync(string user, CancellationToken cancellationToken) =>
        ImapSeedSession.OpenStdioAsync(TunnelArguments(user), _paths.TunnelLogPath, cancellationToken);

    private protected override Task<(string Command, string LogPath)> ConfigureAsync(CancellationToken cancellationToken)
    {
        Port = FreePort.Take(1)[0];
        var port = Port.ToString(CultureInfo.InvariantCulture);

        // The shell records its PID (kept by exec) where the orphan sweep looks for it.
        var socat = $"exec {SocatBinary} TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork EXEC:\"{_paths.TunnelScriptPath} {Users[0].Name}\"";
        var script = $"echo $$ > {DaemonProcess.ShellQuote(_paths.MasterPidPath)}; {socat}";
        return Task.FromResult(($"/bin/sh -c {DaemonProcess.ShellQuote(script)}", _paths.ListenerLogPath));
    }

    /// <summary>The PREAUTH greeting, or the alert Courier sends before it without file notification.</summary>
    private protected override bool IsOwnGreeting(string greeting) =>
        greeting.StartsWith("* PREAUTH", StringComparison.Ordinal) || greeting.StartsWith("* OK [ALERT]", StringComparison.Ordinal);

    private protected override bool IsPortRace() =>
        File.Exists(_paths.ListenerLogPath) && File.ReadAllText(_paths.ListenerLogPath).Contains("Address already in use", StringComparison.Ordinal);

    private static Task<CourierServer> PrepareAsync(CourierOptions options, CourierPaths paths)
    {
        System.IO.Directory.CreateDirectory(paths.RunDirectory);
        System.IO.Directory.CreateDirectory(paths.LogDirectory);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(paths.TunnelScriptPath)!);
        FileModes.WriteAllText(paths.TunnelScriptPath, CourierTunnelScript.Write(paths, options.FileNotification),
            FileModes.Traversable);
        foreach (var user in options.Users)
        {
            // What maildirmake does: an empty Maildir is these three directories.
            foreach (var sub in new[] { "cur", "new", "tmp" })
            {
                System.IO.Directory.CreateDirectory(Path.Combine(paths.MaildirOf(user.Name), sub));
            }
        }

        return Task.FromResult(new CourierServer(options, paths));
    }
}
