using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using ImapSync.Cli.Options;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Tests.Running;

public sealed class AppTests : IDisposable
{
    private const string Config = "[local]\ntype = tunnel\ncommand = a\n[remote]\ntype = tunnel\ncommand = b\n";

    private readonly string _home = Directory.CreateTempSubdirectory("imapsync-cli-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly FakeSessionFactory _engine = new();

    public AppTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".config", "imapsync"));
        WriteConfig(Config);
    }

    public void Dispose()
    {
        Directory.Delete(_home, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    private string ConfigPath => Path.Combine(_home, ".config", "imapsync", "config");

    private void WriteConfig(string text, string name = "config") =>
        File.WriteAllText(Path.Combine(_home, ".config", "imapsync", name), text);

    private Task<int> Run(params string[] args) => RunStoppable(args, null, CancellationToken.None);

    private Task<int> RunStoppable(string[] args, PosixSignal? signal, CancellationToken stop)
    {
        var environment = new CliEnvironment
        {
            Out = _out,
            Error = _err,
            GetVariable = name => name == "HOME" ? _home : null,
        };
        return new App(environment, _engine, () => signal).RunAsync(args, stop);
    }

    [Fact]
    public async Task Help_goes_to_stdout_and_documents_every_exit_code()
    {
        Assert.Equal(ExitCodes.Success, await Run("--help"));
        var help = _out.ToString();
        foreach (var code in new[] { "0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "70 ", "130 " })
        {
            Assert.Contains("\n    " + code, help, StringComparison.Ordinal);
        }

        Assert.Contains("--watch[=SECONDS]", help, StringComparison.Ordinal);
        Assert.Equal(0, _engine.OpenCount);
    }

    [Fact]
    public async Task Version_prints_one_line()
    {
        Assert.Equal(ExitCodes.Success, await Run("--version"));
        Assert.Matches(@"^imapsync \d+\.\d+\.\d+\n$", _out.ToString());
    }

    [Fact]
    public async Task Usage_error_exits_2_with_message_and_usage_on_stderr()
    {
        Assert.Equal(ExitCodes.UsageOrConfig, await Run("--rename", "a"));
        Assert.StartsWith("imapsync: --rename needs exactly two arguments", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage: imapsync", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_out.ToString());
    }

    [Fact]
    public async Task Config_error_exits_2_naming_file_line_and_key()
    {
        WriteConfig(Config + "compress = DEFLATE\n");
        Assert.Equal(ExitCodes.UsageOrConfig, await Run());
        Assert.Equal($"imapsync: {ConfigPath}:7: compress: invalid value 'DEFLATE' (expected YES, NO or auto)\n", _err.ToString());
        Assert.Equal(0, _engine.OpenCount);
    }

    [Fact]
    public async Task Config_option_is_relative_to_the_config_directory()
    {
        WriteConfig(Config + "bogus = 1\n", "work");
        Assert.Equal(ExitCodes.UsageOrConfig, await Run("--config=work"));
        Assert.Contains("/.config/imapsync/work:7: bogus: unknown key", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_mode_refuses_to_create_the_database()
    {
        Assert.Equal(ExitCodes.UsageOrConfig, await Run("--watch"));
        Assert.Contains("watch mode does not create it", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _engine.OpenCount);
    }

    [Fact]
    public async Task Successful_run_prints_summary_and_json()
    {
        _engine.Runs.Enqueue((s, _) =>
        {
            s.SetMailboxesTotal(2);
            s.MailboxDone();
            s.MailboxDone();
            s.MessageCopied(toRemote: true, 2048);
            s.MessageCopied(toRemote: false, 10);
            s.FlagsUpdated(3);
            return Task.CompletedTask;
        });
        Assert.Equal(ExitCodes.Success, await Run("--json"));
        Assert.Contains("Summary: 2 mailbox(es) synchronized", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("local → remote: 1 message(s), 2.00K bytes", _err.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_out.ToString());
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(2, root.GetProperty("mailboxes").GetInt32());
        Assert.Equal(2048, root.GetProperty("localToRemote").GetProperty("bytes").GetInt64());
        Assert.Equal(1, root.GetProperty("remoteToLocal").GetProperty("messages").GetInt32());
        Assert.Equal(3, root.GetProperty("flagUpdates").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.Equal(1, _engine.DisposeCount);
    }

    [Fact]
    public async Task Quiet_hides_the_summary_but_not_errors()
    {
        _engine.Runs.Enqueue((_, _) => throw new CliFailure(ExitCodes.NeedsDecision, "Mailbox x vanished; run imapsync --delete x"));
        Assert.Equal(ExitCodes.NeedsDecision, await Run("-q"));
        Assert.Equal("ERROR: Mailbox x vanished; run imapsync --delete x\n", _err.ToString());
    }

    [Fact]
    public async Task Connection_error_exits_3_with_one_line_and_json_carries_it()
    {
        _engine.Opens.Enqueue(() => new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(ExitCodes.ConnectionOrAuth, await Run("--json"));
        Assert.StartsWith("ERROR: ", _err.ToString(), StringComparison.Ordinal);
        Assert.Single(_err.ToString().TrimEnd('\n').Split('\n'));
        using var json = JsonDocument.Parse(_out.ToString());
        Assert.Equal(3, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Unexpected_exception_is_an_internal_error()
    {
        _engine.Runs.Enqueue((_, _) => throw new InvalidOperationException("boom"));
        Assert.Equal(ExitCodes.InternalError, await Run("-q"));
        Assert.Contains("internal error: InvalidOperationException: boom", _err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM, ExitCodes.Success)]
    [InlineData(PosixSignal.SIGINT, ExitCodes.Interrupted)]
    public async Task Stop_signal_ends_cleanly_with_its_exit_code(PosixSignal signal, int exitCode)
    {
        using var stop = new CancellationTokenSource();
        _engine.Runs.Enqueue(async (s, token) =>
        {
            s.MessageCopied(true, 5);
            await stop.CancelAsync();
            token.ThrowIfCancellationRequested();
        });
        Assert.Equal(exitCode, await RunStoppable(["--json"], signal, stop.Token));
        Assert.Contains($"stopped by {signal}", _err.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_out.ToString());
        Assert.Equal(1, json.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task Logfile_gets_timestamped_lines_and_mode_0600()
    {
        var log = Path.Combine(_home, "imapsync.log");
        // The trailing space of "[%n] " is trimmed, as InterIMAP trims every value.
        WriteConfig($"logfile = {log}\nlog-prefix = [%n] \n" + Config);
        _engine.Runs.Enqueue((_, _) => throw new CliFailure(ExitCodes.SyncError, "server said no"));
        Assert.Equal(ExitCodes.SyncError, await Run());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d\.\d{6} \[\]ERROR: server said no$"));
        Assert.Contains("[]ERROR: server said no", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_in_a_world_readable_file_is_warned_about()
    {
        WriteConfig("[local]\ntype=tunnel\ncommand=a\n[remote]\nhost=h\nusername=u\npassword=p\n");
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Equal(ExitCodes.Success, await Run("-q"));
        Assert.Contains("WARNING: " + ConfigPath + ": holds a password but is readable by group or others", _err.ToString(), StringComparison.Ordinal);
    }
}
