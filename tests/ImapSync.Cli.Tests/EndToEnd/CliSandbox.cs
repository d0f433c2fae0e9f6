using Imap.Testing;
using Imap.Testing.Cyrus;
using Imap.Testing.Dovecot;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// Two real Dovecot servers ('/' local through the PREAUTH tunnel, '.' remote over TCP with a login;
/// or Cyrus as the remote) and a throwaway HOME holding ~/.config/imapsync/config and the database.
/// </summary>
internal sealed class CliSandbox : IAsyncDisposable
{
    public const string User = "alice";

    private CliSandbox(DovecotServer local, LocalImapServer remote, string home)
    {
        Local = local;
        Remote = remote;
        Home = home;
    }

    public DovecotServer Local { get; }

    public LocalImapServer Remote { get; }

    public string Home { get; }

    public string ConfigPath => Path.Combine(Home, ".config", "imapsync", "config");

    public string DatabasePath => Path.Combine(Home, ".local", "share", "imapsync", "sandbox.db");

    /// <param name="remoteNotify">False: the remote server does not offer NOTIFY (IDLE only).</param>
    public static async Task<CliSandbox> StartAsync(bool remoteNotify = true)
    {
        var local = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        var remote = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '.', Tls = true, Notify = remoteNotify });
        return Create(await local, await remote);
    }

    /// <summary>Cyrus 3.6 as the remote ('.', personal folders at the top level, no NOTIFY), over STARTTLS.</summary>
    public static async Task<CliSandbox> StartWithCyrusAsync()
    {
        Assert.True(CyrusServer.IsInstalled, "Cyrus is not unpacked: run test.sh");
        var local = DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        var remote = CyrusServer.StartAsync(new CyrusOptions { HierarchySeparator = '.', AltNamespace = true, Tls = true });
        return Create(await local, await remote);
    }

    private static CliSandbox Create(DovecotServer local, LocalImapServer remote)
    {
        var sandbox = new CliSandbox(local, remote, Directory.CreateTempSubdirectory("imapsync-e2e-").FullName);
        sandbox.WriteConfig(sandbox.RemoteSection());
        return sandbox;
    }

    /// <summary>The [remote] section: IMAP with STARTTLS, trusting the fixture's certificate.</summary>
    public string RemoteSection(string? password = null, int? port = null) => $"""
        [remote]
        type = imap
        host = 127.0.0.1
        port = {port ?? Remote.Port}
        SSL_CAfile = {Remote.CertificatePath}
        username = {User}
        password = {password ?? Remote.PasswordOf(User)}
        """;

    /// <summary>The [remote] section in plain text (STARTTLS = NO) on <paramref name="port"/>, e.g. a rewriting proxy's.</summary>
    public string PlainRemoteSection(int port) => $"""
        [remote]
        type = imap
        host = 127.0.0.1
        port = {port}
        STARTTLS = NO
        username = {User}
        password = {Remote.PasswordOf(User)}
        """;

    public void WriteConfig(string remoteSection, string extra = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, $"""
            database = sandbox.db
            {extra}
            [local]
            type = tunnel
            command = {Local.TunnelCommand(User)}

            {remoteSection}

            """);
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => ImapSyncProcess.RunAsync(Home, args);

    public ImapSyncProcess Start(params string[] args) => ImapSyncProcess.Start(Home, args);

    /// <summary>Every message as "mailbox: Message-ID [flags]", names with '/' whatever the server's delimiter.</summary>
    public static async Task<List<string>> ReadBackAsync(LocalImapServer server)
    {
        var lines = new List<string>();
        foreach (var mailbox in await server.ListMailboxesAsync(User))
        {
            var name = mailbox.Replace(server.HierarchySeparator, '/');
            foreach (var message in await server.FetchMessagesAsync(User, mailbox))
            {
                var flags = message.Flags.Where(f => f != "\\Recent").Order(StringComparer.Ordinal);
                lines.Add($"{name}: {message.MessageId} [{string.Join(' ', flags)}]");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>
    /// Polls <paramref name="server"/> until <see cref="ReadBackAsync"/> holds <paramref name="line"/>; fails
    /// with <paramref name="watcher"/>'s stderr if it exits first or <paramref name="within"/> passes.
    /// </summary>
    /// <returns>How long the line took to arrive.</returns>
    public static async Task<TimeSpan> WaitForLineAsync(LocalImapServer server, string line, ImapSyncProcess watcher, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await ReadBackAsync(server)).Contains(line))
        {
            Assert.False(watcher.HasExited, "imapsync exited; stderr:\n" + watcher.Stderr);
            Assert.True(clock.Elapsed < within, $"'{line}' not synchronized within {within.TotalSeconds:0} s; stderr:\n" + watcher.Stderr);
            await Task.Delay(200);
        }

        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        await Remote.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }
}
