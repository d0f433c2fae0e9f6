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

    [Fact]
    public async Task A_hanging_command_is_killed_with_its_children_after_the_timeout()
    {
        using var directory = new TempFile();
        var pidFile = directory.Path;
        var command = $"sleep 1000 & echo $! > {pidFile}; wait";

        var e = await Assert.ThrowsAsync<CliFailure>(() =>
            SecretResolver.ResolveAsync(SecretSource.FromCommand(command), "remote: password-command", CancellationToken.None, TimeSpan.FromSeconds(1)));

        Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        Assert.Equal($"remote: password-command: '{command}' did not finish within 1 s (killed)", e.Message);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilGoneAsync(child);
    }

    [Theory]
    [InlineData("head -c 100000 /dev/zero | tr '\\0' x")]
    [InlineData("while :; do echo xxxxxxxxxxxxxxxx; done")]
    public async Task A_command_printing_too_much_is_stopped_without_its_output_in_the_message(string command)
    {
        var e = await Assert.ThrowsAsync<CliFailure>(() =>
            SecretResolver.ResolveAsync(SecretSource.FromCommand(command), "remote: oauth-token-command", CancellationToken.None));

        Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        Assert.Equal($"remote: oauth-token-command: '{command}' printed more than {SecretResolver.MaxOutputChars} characters (killed)", e.Message);
    }

    [Fact]
    public async Task Output_just_under_the_bound_is_still_a_secret()
    {
        var length = SecretResolver.MaxOutputChars - 1;
        var secret = await SecretResolver.ResolveAsync(SecretSource.FromCommand($"head -c {length} /dev/zero | tr '\\0' t; echo"), "remote: oauth-token-command", CancellationToken.None);
        Assert.Equal(new string('t', length), secret);
    }

    /// <summary>Polls /proc until the process is gone or a zombie (killed; its reaper may be slow on a loaded box).</summary>
    private static async Task WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (StatLine(pid) is { } stat && !stat.Contains(") Z ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"child {pid} of the killed command still runs");
            await Task.Delay(50);
        }
    }

    private static string? StatLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}
