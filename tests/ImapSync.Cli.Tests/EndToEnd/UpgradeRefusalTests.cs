using System.Text.RegularExpressions;
using Imap.Testing.Faults;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// The built program against a real Dovecot whose replies around STARTTLS and COMPRESS a proxy rewrites:
/// a refused upgrade is a connection failure (exit 3) quoting the server, not an internal error, and
/// clear text injected after the STARTTLS OK is discarded with a warning shown without --debug.
/// </summary>
public sealed partial class UpgradeRefusalTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_refused_STARTTLS_exits_3_quoting_the_server_and_syncs_nothing()
    {
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", Imap.Testing.Dovecot.SeedMessage.Simple("starttls@sec.example"));
        await using var proxy = FaultProxy.Start(_sandbox.Remote.Host, _sandbox.Remote.Port,
            Fault.Rewrite(FaultDirection.ServerToClient, line => TaggedOk().Replace(line, "$1 NO [UNAVAILABLE] TLS is down for maintenance")));
        _sandbox.WriteConfig(_sandbox.RemoteSection(port: proxy.Port));

        var (exitCode, _, stderr) = await _sandbox.RunAsync();

        Assert.True(exitCode == ExitCodes.ConnectionOrAuth, stderr);
        Assert.Matches("(?m)^ERROR: remote: .*refused STARTTLS: .*NO \\[UNAVAILABLE\\] TLS is down for maintenance$", stderr);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
        Assert.Empty(await CliSandbox.ReadBackAsync(_sandbox.Local));
    }

    [Fact]
    public async Task Clear_text_injected_after_the_STARTTLS_OK_is_discarded_with_a_warning_without_debug()
    {
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", Imap.Testing.Dovecot.SeedMessage.Simple("injected@sec.example"));
        // The rewrite ends with the STARTTLS OK: what follows is the real TLS handshake.
        await using var proxy = FaultProxy.Start(_sandbox.Remote.Host, _sandbox.Remote.Port,
            Fault.Rewrite(FaultDirection.ServerToClient, line => TaggedOk().IsMatch(line) ? line + "\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN" : line,
                lastLine: TaggedOk().IsMatch));
        _sandbox.WriteConfig(_sandbox.RemoteSection(port: proxy.Port));

        var (exitCode, _, stderr) = await _sandbox.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, stderr);
        Assert.Matches("(?m)^remote: WARNING: .*discarded 35 bytes sent in clear text after the STARTTLS OK", stderr);
        Assert.Single(await CliSandbox.ReadBackAsync(_sandbox.Local));
    }

    [Fact]
    public async Task A_refused_COMPRESS_exits_3_quoting_the_server()
    {
        await using var proxy = FaultProxy.Start(_sandbox.Remote.Host, _sandbox.Remote.Port,
            Fault.Rewrite(FaultDirection.ServerToClient, line => DeflateOk().Replace(line, "$1 NO compression is switched off")));
        _sandbox.WriteConfig(_sandbox.RemoteSection(port: proxy.Port) + "\nSTARTTLS = NO\ncompress = yes\n");

        var (exitCode, _, stderr) = await _sandbox.RunAsync();

        Assert.True(exitCode == ExitCodes.ConnectionOrAuth, stderr);
        Assert.Matches("(?m)^ERROR: remote: .*COMPRESS failed: NO compression is switched off$", stderr);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
    }

    /// <summary>The only tagged OK before TLS is the STARTTLS one (the greeting carries the capabilities).</summary>
    [GeneratedRegex(@"^(\w+) OK .*TLS.*$", RegexOptions.IgnoreCase)]
    private static partial Regex TaggedOk();

    /// <summary>Dovecot's answer to COMPRESS DEFLATE ("OK Begin compression."), not a CAPABILITY naming COMPRESS=DEFLATE.</summary>
    [GeneratedRegex(@"^(\w+) OK Begin compression.*$", RegexOptions.IgnoreCase)]
    private static partial Regex DeflateOk();
}
