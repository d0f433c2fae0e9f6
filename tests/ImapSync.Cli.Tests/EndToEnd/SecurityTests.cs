using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// Security properties of the built program against a real TLS Dovecot: certificates are verified
/// unless the user says otherwise, an SPKI pin is enforced, credentials appear in no output or log
/// file at --debug (even when login fails), the database and log file are private (0600), a
/// password in a group- or world-readable configuration is warned about, and spool files a killed run
/// left behind are removed by the next run.
/// </summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private string Password => _sandbox.Remote.PasswordOf(CliSandbox.User);

    private string WithoutCaFile(string section) =>
        string.Join('\n', section.Split('\n').Where(l => !l.TrimStart().StartsWith("SSL_CAfile", StringComparison.Ordinal)));

    [Fact]
    public async Task An_untrusted_certificate_is_refused_by_default_and_nothing_is_synced()
    {
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", Imap.Testing.Dovecot.SeedMessage.Simple("tls@sec.example"));
        _sandbox.WriteConfig(WithoutCaFile(_sandbox.RemoteSection()));

        var (exitCode, _, stderr) = await _sandbox.RunAsync();

        Assert.Equal(ExitCodes.ConnectionOrAuth, exitCode);
        Assert.Contains("ERROR: remote:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, stderr, StringComparison.Ordinal);
        Assert.Empty(await CliSandbox.ReadBackAsync(_sandbox.Local));
    }

    [Fact]
    public async Task An_SPKI_pin_is_enforced_even_with_verification_off()
    {
        var wrongPin = "sha256$" + new string('0', 64);
        _sandbox.WriteConfig(WithoutCaFile(_sandbox.RemoteSection()) + $"\nSSL_verify = no\nSSL_fingerprint = {wrongPin}\n");
        var (refused, _, stderr) = await _sandbox.RunAsync();
        Assert.Equal(ExitCodes.ConnectionOrAuth, refused);
        Assert.Contains("ERROR: remote:", stderr, StringComparison.Ordinal);

        _sandbox.WriteConfig(WithoutCaFile(_sandbox.RemoteSection()) + $"\nSSL_verify = no\nSSL_fingerprint = {_sandbox.Remote.SpkiFingerprint}\n");
        var (accepted, _, stderr2) = await _sandbox.RunAsync();
        Assert.True(accepted == ExitCodes.Success, stderr2);
    }

    [Fact]
    public async Task No_credential_in_output_or_log_file_at_debug_and_files_are_0600()
    {
        var logFile = Path.Combine(_sandbox.Home, "imapsync.log");
        _sandbox.WriteConfig(_sandbox.RemoteSection(), extra: $"logfile = {logFile}");
        var plain = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{CliSandbox.User}\0{Password}"));

        var (exitCode, stdout, stderr) = await _sandbox.RunAsync("--debug");
        Assert.True(exitCode == ExitCodes.Success, stderr);
        var log = await File.ReadAllTextAsync(logFile);
        Assert.Contains("remote: C: ", stderr + log, StringComparison.Ordinal);
        foreach (var text in new[] { stdout, stderr, log })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(plain, text, StringComparison.Ordinal);
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(Private, File.GetUnixFileMode(logFile));
        Assert.Equal(Private, File.GetUnixFileMode(_sandbox.DatabasePath));

        // A refused login at --debug: the error names the user, never the password tried.
        const string Tried = "Wr0ng-but-secret-pw";
        _sandbox.WriteConfig(_sandbox.RemoteSection(password: Tried), extra: $"logfile = {logFile}");
        var failed = await _sandbox.RunAsync("--debug");
        Assert.Equal(ExitCodes.ConnectionOrAuth, failed.ExitCode);
        var failedLog = await File.ReadAllTextAsync(logFile);
        foreach (var text in new[] { failed.Stdout, failed.Stderr, failedLog })
        {
            Assert.DoesNotContain(Tried, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Spool_files_a_killed_run_left_are_removed_by_the_next_run()
    {
        // What a SIGKILLed run leaves: its per-database spool directory with a delete-on-close body never closed.
        var spool = _sandbox.DatabasePath + ".spool";
        Directory.CreateDirectory(spool);
        var leftover = Path.Combine(spool, "imapsync-0123456789abcdef.eml");
        await File.WriteAllTextAsync(leftover, "Subject: private mail\r\n\r\nbody");

        var (exitCode, _, stderr) = await _sandbox.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, stderr);
        Assert.False(File.Exists(leftover), "the leftover spool file is still there");
        Assert.False(Directory.Exists(spool), "the run's spool directory outlived it");
    }

    [Fact]
    public async Task A_password_in_a_group_readable_config_is_warned_about()
    {
        File.SetUnixFileMode(_sandbox.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        Assert.True(exitCode == ExitCodes.Success, stderr);
        Assert.Contains("readable by group or others", stderr, StringComparison.Ordinal);
        Assert.Contains("chmod 600", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, stderr, StringComparison.Ordinal);
    }
}
