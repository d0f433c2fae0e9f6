using System.Text.RegularExpressions;
using Imap.Testing.Dovecot;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>--notify against a remote Dovecot without NOTIFY: its INBOX is watched with IDLE instead.</summary>
public sealed class NotifyFallbackTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync(remoteNotify: false);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Notify_falls_back_to_IDLE_and_still_wakes_up_within_seconds()
    {
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        using var watcher = _sandbox.Start("--notify", "--debug");
        await watcher.WaitForStderrAsync(new Regex(@"remote: C: \S+ IDLE"), TimeSpan.FromSeconds(20)); // listening
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", SeedMessage.Simple("idle@e2e.example"));

        await CliSandbox.WaitForLineAsync(_sandbox.Local, "INBOX: <idle@e2e.example> []", watcher, TimeSpan.FromSeconds(10));

        watcher.Signal("TERM");
        Assert.Equal(ExitCodes.Success, await watcher.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Matches(@"remote: C: \S+ EXAMINE INBOX", watcher.Stderr);
        Assert.DoesNotMatch(@"remote: C: \S+ NOTIFY", watcher.Stderr);
    }
}
