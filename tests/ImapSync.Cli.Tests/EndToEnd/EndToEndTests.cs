using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>The built program against two real Dovecot servers: exit codes, messages, watch, notify, signals.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Bad_configuration_exits_2_before_connecting()
    {
        _sandbox.WriteConfig(_sandbox.RemoteSection() + "\nSSL_verify = maybe\n");
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        Assert.Equal(ExitCodes.UsageOrConfig, exitCode);
        Assert.Contains($"{_sandbox.ConfigPath}:", stderr, StringComparison.Ordinal);
        Assert.Contains("SSL_verify: invalid value 'maybe'", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_sandbox.DatabasePath));
    }
}
