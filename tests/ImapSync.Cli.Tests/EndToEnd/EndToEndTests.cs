using System.Text.Json;
using System.Text.RegularExpressions;
using Imap.Testing.Dovecot;
using ImapSync.Cli.Options;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>The built program against two real Dovecot servers: exit codes, messages, watch, notify, signals.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    // Every pass starts by asking for the namespaces: a second one means the watch loop ran a pass and woke up.
    private static readonly Regex SecondPass = new(@"(?s)remote: C: \S+ NAMESPACE\r?\n.*remote: C: \S+ NAMESPACE\r?\n");

    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private static SeedMessage Message(string id) => SeedMessage.Simple(id + "@e2e.example", subject: id);

    [Fact]
    public async Task First_sync_copies_both_ways_and_reports_json()
    {
        await _sandbox.Remote.CreateMailboxAsync(CliSandbox.User, "Archive.2025");
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", [Message("r1"), Message("r2") with { Flags = ["\\Seen"] }]);
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "Archive.2025", Message("r3"));
        await _sandbox.Local.AppendAsync(CliSandbox.User, "INBOX", Message("l1") with { Flags = ["\\Flagged"] });

        var (exitCode, stdout, stderr) = await _sandbox.RunAsync("--json");

        Assert.True(exitCode == ExitCodes.Success, stderr);
        var local = await CliSandbox.ReadBackAsync(_sandbox.Local);
        Assert.Equal(local, await CliSandbox.ReadBackAsync(_sandbox.Remote));
        Assert.Equal(
            ["Archive/2025: <r3@e2e.example> []", "INBOX: <l1@e2e.example> [\\Flagged]", "INBOX: <r1@e2e.example> []", "INBOX: <r2@e2e.example> [\\Seen]"],
            local);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(3, json.RootElement.GetProperty("remoteToLocal").GetProperty("messages").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
        Assert.Contains("Summary:", stderr, StringComparison.Ordinal);
        foreach (var server in new[] { "local", "remote" })
        {
            var traffic = json.RootElement.GetProperty("traffic").GetProperty(server);
            Assert.InRange(traffic.GetProperty("received").GetInt64(), 100, long.MaxValue);
            Assert.InRange(traffic.GetProperty("sent").GetInt64(), 50, long.MaxValue);
            Assert.Contains($"{server}: IMAP traffic (bytes): recv ", stderr, StringComparison.Ordinal);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_sandbox.DatabasePath));

        var second = await _sandbox.RunAsync("--json");
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        using var again = JsonDocument.Parse(second.Stdout);
        Assert.Equal(0, again.RootElement.GetProperty("remoteToLocal").GetProperty("messages").GetInt32());
        Assert.Equal(0, again.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task Wrong_password_exits_3_with_one_error_line_and_no_secret()
    {
        _sandbox.WriteConfig(_sandbox.RemoteSection(password: "not-the-password"));
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        Assert.Equal(ExitCodes.ConnectionOrAuth, exitCode);
        Assert.Contains("ERROR: remote: login as alice refused", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imaps_with_a_pinned_key_connects_and_a_wrong_pin_exits_3()
    {
        var imaps = $"""
            [remote]
            type = imaps
            host = 127.0.0.1
            port = {_sandbox.Remote.ImapsPort}
            SSL_verify = NO
            SSL_fingerprint = sha1$00 {_sandbox.Remote.SpkiFingerprint}
            username = {CliSandbox.User}
            password = {_sandbox.Remote.PasswordOf(CliSandbox.User)}
            """;
        _sandbox.WriteConfig(imaps);
        var pinned = await _sandbox.RunAsync();
        Assert.True(pinned.ExitCode == ExitCodes.Success, pinned.Stderr);

        _sandbox.WriteConfig(imaps.Replace(_sandbox.Remote.SpkiFingerprint, "sha256$" + new string('0', 64), StringComparison.Ordinal));
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        Assert.Equal(ExitCodes.ConnectionOrAuth, exitCode);
        Assert.Contains($"ERROR: remote: 127.0.0.1:{_sandbox.Remote.ImapsPort}:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_port_exits_3_naming_the_server()
    {
        var closed = Imap.Testing.Network.FreePort.Take(1)[0];
        _sandbox.WriteConfig(_sandbox.RemoteSection(port: closed));
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        Assert.Equal(ExitCodes.ConnectionOrAuth, exitCode);
        Assert.Contains($"ERROR: remote: 127.0.0.1:{closed}:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_mailboxes_share_one_connection_per_side_and_only_a_large_copy_uses_extra_ones()
    {
        foreach (var name in new[] { "A", "B", "C" })
        {
            await _sandbox.Remote.CreateMailboxAsync(CliSandbox.User, name);
            await _sandbox.Remote.AppendAsync(CliSandbox.User, name, Message("m-" + name));
        }

        // A small copy: every changed mailbox on its own lane of one connection per side.
        var small = await _sandbox.RunAsync("--debug");
        Assert.True(small.ExitCode == ExitCodes.Success, small.Stderr);
        Assert.Equal(1, RemoteLogins(small.Stderr));
        var local = await CliSandbox.ReadBackAsync(_sandbox.Local);
        Assert.Equal(local, await CliSandbox.ReadBackAsync(_sandbox.Remote));
        Assert.Equal(["A: <m-A@e2e.example> []", "B: <m-B@e2e.example> []", "C: <m-C@e2e.example> []"], local);

        // A large copy (2,000 new messages or more) is spread over extra connections: the local side is a
        // tunnel (default 2 connections), so 2 pairs; with max-connections = 1, one.
        foreach (var name in new[] { "A", "B" })
        {
            await _sandbox.Remote.AppendAsync(CliSandbox.User, name,
                Enumerable.Range(0, 1_100).Select(i => SeedMessage.Simple($"bulk{i}-{name}@e2e.example", $"bulk {i}", "x")));
        }

        var large = await _sandbox.RunAsync("--debug");
        Assert.True(large.ExitCode == ExitCodes.Success, large.Stderr);
        Assert.Equal(2, RemoteLogins(large.Stderr));
        local = await CliSandbox.ReadBackAsync(_sandbox.Local);
        Assert.Equal(local, await CliSandbox.ReadBackAsync(_sandbox.Remote));
        Assert.Equal(2_203, local.Count(l => !l.StartsWith("INBOX", StringComparison.Ordinal)));

        foreach (var name in new[] { "A", "B", "C" })
        {
            await _sandbox.Remote.AppendAsync(CliSandbox.User, name, Message("n-" + name));
        }

        _sandbox.WriteConfig(_sandbox.RemoteSection(), "max-connections = 1");
        var serial = await _sandbox.RunAsync("--debug");
        Assert.True(serial.ExitCode == ExitCodes.Success, serial.Stderr);
        Assert.Equal(1, RemoteLogins(serial.Stderr));
        Assert.Equal(2_206, (await CliSandbox.ReadBackAsync(_sandbox.Local)).Count(l => !l.StartsWith("INBOX", StringComparison.Ordinal)));
    }

    private static int RemoteLogins(string trace) =>
        System.Text.RegularExpressions.Regex.Count(trace, @"remote: C: \S+ STARTTLS");

    [Fact]
    public async Task Debug_traces_the_protocol_and_shows_credentials_only_at_level_2()
    {
        var password = _sandbox.Remote.PasswordOf(CliSandbox.User);
        var plain = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{CliSandbox.User}\0{password}"));

        var once = await _sandbox.RunAsync("--debug");
        Assert.Equal(ExitCodes.Success, once.ExitCode);
        Assert.Contains("remote: C: ", once.Stderr, StringComparison.Ordinal);
        Assert.Contains("local: S: ", once.Stderr, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", once.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(password, once.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, once.Stderr, StringComparison.Ordinal);

        var twice = await _sandbox.RunAsync("--debug", "--debug");
        Assert.Equal(ExitCodes.Success, twice.ExitCode);
        Assert.True(twice.Stderr.Contains(plain, StringComparison.Ordinal) || twice.Stderr.Contains(password, StringComparison.Ordinal),
            "level 2 shows the credentials as sent");
    }

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

    [Fact]
    public async Task Mailbox_gone_on_one_side_exits_4_and_deletes_nothing()
    {
        await _sandbox.Remote.CreateMailboxAsync(CliSandbox.User, "Projects");
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "Projects", Message("p1"));
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        await _sandbox.Local.DeleteMailboxAsync(CliSandbox.User, "Projects");

        var (exitCode, _, stderr) = await _sandbox.RunAsync();

        Assert.Equal(ExitCodes.NeedsDecision, exitCode);
        Assert.Contains("Projects", stderr, StringComparison.Ordinal);
        Assert.Contains("ERROR", stderr, StringComparison.Ordinal);
        Assert.Contains(await CliSandbox.ReadBackAsync(_sandbox.Remote), l => l.StartsWith("Projects: <p1@", StringComparison.Ordinal));

        // The user decides: delete it everywhere else too, then the sync goes through.
        var delete = await _sandbox.RunAsync("--delete", "Projects");
        Assert.True(delete.ExitCode == ExitCodes.Success, delete.Stderr);
        Assert.DoesNotContain("Projects", await _sandbox.Remote.ListMailboxesAsync(CliSandbox.User));
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
    }

    [Fact]
    public async Task Mailbox_recreated_with_a_new_UIDVALIDITY_exits_0_with_a_warning_and_duplicates_nothing()
    {
        var date = new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero);
        SeedMessage[] messages = [Message("p1") with { InternalDate = date }, Message("p2") with { InternalDate = date, Flags = ["\\Seen"] }];
        await _sandbox.Remote.CreateMailboxAsync(CliSandbox.User, "Projects");
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "Projects", messages);
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        var before = await _sandbox.Remote.GetMailboxStatusAsync(CliSandbox.User, "Projects");
        await _sandbox.Remote.DeleteMailboxAsync(CliSandbox.User, "Projects");
        await _sandbox.Remote.CreateMailboxAsync(CliSandbox.User, "Projects");
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "Projects", messages);
        var after = await _sandbox.Remote.GetMailboxStatusAsync(CliSandbox.User, "Projects");

        var (exitCode, stdout, stderr) = await _sandbox.RunAsync("--json");

        Assert.True(exitCode == ExitCodes.Success, stderr);
        Assert.Contains($"remote(Projects): WARNING: UIDVALIDITY changed ({before.UidValidity} -> {after.UidValidity})", stderr, StringComparison.Ordinal);
        Assert.Contains("Re-paired 2 message(s)", stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(1, json.RootElement.GetProperty("uidValidityRecovered").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("remoteToLocal").GetProperty("messages").GetInt32());
        var local = await CliSandbox.ReadBackAsync(_sandbox.Local);
        Assert.Equal(["Projects: <p1@e2e.example> []", "Projects: <p2@e2e.example> [\\Seen]"], local.Where(l => l.StartsWith("Projects:", StringComparison.Ordinal)));
        Assert.Equal(local, await CliSandbox.ReadBackAsync(_sandbox.Remote));
    }

    [Fact]
    public async Task Rename_renames_on_both_servers_and_the_next_sync_is_quiet()
    {
        await _sandbox.Local.CreateMailboxAsync(CliSandbox.User, "Old");
        await _sandbox.Local.AppendAsync(CliSandbox.User, "Old", Message("o1"));
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);

        var rename = await _sandbox.RunAsync("--rename", "Old", "New");
        Assert.True(rename.ExitCode == ExitCodes.Success, rename.Stderr);

        Assert.Contains("New: <o1@e2e.example> []", await CliSandbox.ReadBackAsync(_sandbox.Local));
        Assert.Contains("New: <o1@e2e.example> []", await CliSandbox.ReadBackAsync(_sandbox.Remote));
        var next = await _sandbox.RunAsync("--json");
        Assert.Equal(ExitCodes.Success, next.ExitCode);
        using var json = JsonDocument.Parse(next.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("localToRemote").GetProperty("messages").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("mailboxesCreated").GetInt32());
    }

    [Fact]
    public async Task SIGINT_in_watch_mode_exits_130()
    {
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        using var watcher = _sandbox.Start("--watch=1", "--debug");
        await watcher.WaitForStderrAsync("local: C: ", TimeSpan.FromSeconds(60)); // running, signal handlers in place
        watcher.Signal("INT");
        // Generous: it timed out once at 20 s in a full suite run at load average 15.
        Assert.Equal(ExitCodes.Interrupted, await watcher.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("stopped by SIGINT", watcher.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_instance_exits_5_while_the_first_holds_the_database()
    {
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        using var watcher = _sandbox.Start("--watch=60", "--debug");
        await watcher.WaitForStderrAsync("local: C: ", TimeSpan.FromSeconds(20)); // connecting: the database is locked by then
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        Assert.Equal(ExitCodes.Locked, exitCode);
        Assert.Contains("database", stderr, StringComparison.Ordinal);
        watcher.Signal("TERM");
        Assert.Equal(ExitCodes.Success, await watcher.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("--watch=1", null)]
    [InlineData("--notify", "NOTIFY SET")] // the interval is 900 s: only NOTIFY can wake it this fast
    public async Task Watch_picks_up_a_new_message_within_seconds(string mode, string? traced)
    {
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        using var watcher = _sandbox.Start(mode, "--debug");
        if (traced is null)
        {
            await watcher.WaitForStderrAsync(SecondPass, TimeSpan.FromSeconds(20)); // a pass done, slept, polling again
        }
        else
        {
            await watcher.WaitForStderrAsync(new Regex(@"remote: C: \S+ IDLE"), TimeSpan.FromSeconds(20)); // listening
        }

        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX", Message("new"));

        // Generous for a loaded machine (CI runs three test hosts on two cores); the --notify case still
        // proves NOTIFY woke it: its polling interval is 900 s.
        await CliSandbox.WaitForLineAsync(_sandbox.Local, "INBOX: <new@e2e.example> []", watcher, TimeSpan.FromSeconds(30));

        watcher.Signal("TERM");
        Assert.Equal(ExitCodes.Success, await watcher.WaitAsync(TimeSpan.FromSeconds(40)));
        Assert.Contains("stopped by SIGTERM", watcher.Stderr, StringComparison.Ordinal);
        if (traced is not null)
        {
            Assert.Contains(traced, watcher.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Watch_survives_a_server_going_away_and_stops_cleanly()
    {
        Assert.Equal(ExitCodes.Success, (await _sandbox.RunAsync()).ExitCode);
        using var watcher = _sandbox.Start("--watch=1", "--debug");
        await watcher.WaitForStderrAsync(SecondPass, TimeSpan.FromSeconds(20)); // watching
        await _sandbox.Remote.StopAsync();

        await watcher.WaitForStderrAsync("reconnecting in 5 s", TimeSpan.FromSeconds(20));
        Assert.Contains("ERROR: ", watcher.Stderr, StringComparison.Ordinal);
        await watcher.WaitForStderrAsync("reconnecting in 10 s", TimeSpan.FromSeconds(20)); // the retry failed too: longer delay

        watcher.Signal("TERM");
        Assert.Equal(ExitCodes.Success, await watcher.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task SIGTERM_mid_sync_leaves_a_state_the_next_run_completes_without_duplicates()
    {
        var body = new string('x', 20_000);
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "INBOX",
            Enumerable.Range(0, 600).Select(i => SeedMessage.Simple($"bulk{i}@e2e.example", $"bulk {i}", body)));
        await _sandbox.Remote.CreateMailboxAsync(CliSandbox.User, "Second");
        await _sandbox.Remote.AppendAsync(CliSandbox.User, "Second",
            Enumerable.Range(0, 50).Select(i => SeedMessage.Simple($"second{i}@e2e.example", $"second {i}", body)));

        // One mailbox at a time, so "the next one is not started" is observable.
        _sandbox.WriteConfig(_sandbox.RemoteSection(), "max-connections = 1");
        using (var run = _sandbox.Start())
        {
            await run.WaitForStderrAsync("Added", TimeSpan.FromSeconds(30)); // the first batch is committed
            run.Signal("TERM");
            var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exitCode == ExitCodes.Success, run.Stderr);
            Assert.Contains("stopped by SIGTERM", run.Stderr, StringComparison.Ordinal);
        }

        // The mailbox in progress was finished, the next one not started.
        var afterStop = await CliSandbox.ReadBackAsync(_sandbox.Local);
        Assert.InRange(afterStop.Count, 50, 649);

        var (next, _, stderr) = await _sandbox.RunAsync();
        Assert.True(next == ExitCodes.Success, stderr);
        var local = await CliSandbox.ReadBackAsync(_sandbox.Local);
        Assert.Equal(local, await CliSandbox.ReadBackAsync(_sandbox.Remote));
        Assert.Equal(650, local.Count);
        Assert.Equal(650, local.Distinct().Count());
    }
}
