using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Running;
using ImapSync.Cli.Wiring;

namespace ImapSync.Cli.Tests.Wiring;

public class SecretResolverTests
{
    [Fact]
    public async Task Literal_is_returned_as_is()
    {
        Assert.Equal("pw ; x", await SecretResolver.ResolveAsync(SecretSource.FromLiteral("pw ; x"), "password", CancellationToken.None));
    }

    [Fact]
    public async Task Command_output_without_trailing_newline()
    {
        Assert.Equal("s3cr et", await SecretResolver.ResolveAsync(SecretSource.FromCommand("printf 's3cr et\\n'"), "password", CancellationToken.None));
    }

    [Theory]
    [InlineData("exit 3", "exited with status 3")]
    [InlineData("true", "exactly one non-empty line")]
    [InlineData("printf 'a\\nb\\n'", "exactly one non-empty line")]
    public async Task Failing_command_is_a_config_error_without_its_output(string command, string message)
    {
        var e = await Assert.ThrowsAsync<CliFailure>(() => SecretResolver.ResolveAsync(SecretSource.FromCommand(command), "remote: password-command", CancellationToken.None));
        Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("remote: password-command: ", e.Message, StringComparison.Ordinal);
    }
}
