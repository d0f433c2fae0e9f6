using Imap.Testing.Dovecot;
using Imap.Testing.Faults;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// The built program's remote connection goes through a fault proxy that cuts it (FIN or RST) after N
/// bytes in either direction while new mail is being copied: the run exits non-zero with an ERROR
/// line naming the host, and the next clean run converges with nothing lost or duplicated.
/// </summary>
public sealed class CutConnectionTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_cut_remote_connection_exits_non_zero_clearly_and_the_next_run_converges()
    {
        await using var proxy = FaultProxy.Start(_sandbox.Remote.Host, _sandbox.Remote.Port);
        _sandbox.WriteConfig(_sandbox.RemoteSection(port: proxy.Port));
        var body = new string('c', 20_000);
        Fault[] cuts =
        [
            Fault.Cut(FaultDirection.ClientToServer, 300), Fault.Cut(FaultDirection.ClientToServer, 900, reset: true),
            Fault.Cut(FaultDirection.ServerToClient, 5_000), Fault.Cut(FaultDirection.ServerToClient, 120_000, reset: true),
        ];
        for (var trial = 0; trial < cuts.Length; trial++)
        {
            await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX",
                Enumerable.Range(0, 15).Select(i => SeedMessage.Simple($"cut{trial}-{i}@e2e.example", "cut", body)));
            await _sandbox.Local.AppendAsync(CliSandbox.User, "INBOX", SeedMessage.Simple($"local{trial}@e2e.example"));
            proxy.Faults = [cuts[trial]];
            var triggered = proxy.TriggeredCount;
            var (exitCode, _, stderr) = await _sandbox.RunAsync();
            Assert.True(proxy.TriggeredCount > triggered, $"{cuts[trial]} never reached: exit {exitCode}");
            Assert.True(exitCode is ExitCodes.SyncError or ExitCodes.ConnectionOrAuth, $"{cuts[trial]}: exit {exitCode}\n{stderr}");
            // The line names the host; it does not always say "remote:" (reported to the lead).
            Assert.Matches("(?m)^ERROR: .*remote[ :(].*127\\.0\\.0\\.1|(?m)^ERROR: .*127\\.0\\.0\\.1.*remote", stderr);
            Assert.DoesNotContain(_sandbox.Remote.PasswordOf(CliSandbox.User), stderr, StringComparison.Ordinal);

            proxy.Faults = [];
            var clean = await _sandbox.RunAsync();
            Assert.True(clean.ExitCode == ExitCodes.Success, clean.Stderr);
            var local = await CliSandbox.ReadBackAsync(_sandbox.Local);
            Assert.Equal(local, await CliSandbox.ReadBackAsync(_sandbox.Remote));
            Assert.Equal(16 * (trial + 1), local.Count);
            Assert.Equal(local.Count, local.Distinct().Count());
        }
    }
}
