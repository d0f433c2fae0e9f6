using System.Diagnostics;
using System.Globalization;
using Imap.Testing;
using Imap.Testing.Dovecot;
using ImapSync.Cli.Options;
using Xunit.Abstractions;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// The built program is killed with SIGKILL at random moments while it syncs new messages, flag
/// changes and expunges made on both sides; after every kill a clean run must converge, both servers
/// holding exactly the expected messages (Message-ID and flags), none twice. TORTURE_TRIALS (default
/// 4, bench/torture.sh runs 50) and TORTURE_SEED choose the trials.
/// </summary>
public sealed class TortureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = CliSandbox.User;
    private static readonly string Body = new('t', 30_000);
    private readonly SortedDictionary<string, string> _expected = new(StringComparer.Ordinal);
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    [Fact]
    public async Task SIGKILL_at_random_moments_then_a_clean_run_converges_with_nothing_lost_or_duplicated()
    {
        var trials = Setting("TORTURE_TRIALS", 4);
        var seed = Setting("TORTURE_SEED", Environment.TickCount & 0x7fffffff);
        var random = new Random(seed);
        output.WriteLine($"TORTURE_SEED={seed} TORTURE_TRIALS={trials}");
        await _sandbox.Remote.CreateMailboxAsync(User, "Work.Old");

        // A clean first run gives the scale of a run's duration.
        await ChangeBothSidesAsync(0);
        var runTime = await CleanRunAndCheckAsync();

        var killedMidRun = 0;
        for (var trial = 1; trial <= trials; trial++)
        {
            await ChangeBothSidesAsync(trial);
            // Anywhere from start-up to the end of a run as long as the last clean one.
            var delay = random.Next(0, Math.Max(200, runTime));
            using (var run = _sandbox.Start())
            {
                await Task.Delay(delay);
                var alive = !run.HasExited;
                if (alive)
                {
                    try
                    {
                        run.Signal("KILL");
                    }
                    catch (InvalidOperationException) when (run.HasExited)
                    {
                        alive = false; // it finished just before the signal
                    }
                }

                var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(60));
                if (alive && exitCode == 137)
                {
                    killedMidRun++;
                }
                else
                {
                    Assert.True(exitCode == ExitCodes.Success, $"trial {trial}: exit {exitCode}\n{run.Stderr}");
                }
            }

            runTime = await CleanRunAndCheckAsync();
        }

        output.WriteLine($"{trials} SIGKILL trials (seed {seed}), {killedMidRun} killed mid-run, {_expected.Count} messages, 0 lost, 0 duplicated");
        Assert.True(killedMidRun >= trials / 2, $"only {killedMidRun} of {trials} kills hit a running sync");
    }

    /// <summary>New messages on both sides, a flag change on each side, an expunge on each side.</summary>
    private async Task ChangeBothSidesAsync(int trial)
    {
        var remote = Enumerable.Range(0, 6).Select(j => $"r{trial}-{j}").ToList();
        await _sandbox.Remote.AppendAsync(User, "INBOX", remote.Take(4).Select(Seed));
        await _sandbox.Remote.AppendAsync(User, "Work.Old", remote.Skip(4).Select(Seed));
        var local = Enumerable.Range(0, 4).Select(j => $"l{trial}-{j}").ToList();
        await _sandbox.Local.AppendAsync(User, "INBOX", local.Select(Seed));
        foreach (var id in remote.Take(4).Concat(local))
        {
            _expected[$"INBOX: <{id}@torture.example> []"] = id;
        }

        foreach (var id in remote.Skip(4))
        {
            _expected[$"Work/Old: <{id}@torture.example> []"] = id;
        }

        if (trial == 0)
        {
            return;
        }

        var prior = trial - 1;
        await ReplaceFlagsAsync(_sandbox.Remote, $"<r{prior}-0@torture.example>", "\\Seen");
        await ReplaceFlagsAsync(_sandbox.Local, $"<l{prior}-1@torture.example>", "\\Flagged");
        await ExpungeAsync(_sandbox.Local, $"<r{prior}-1@torture.example>");
        await ExpungeAsync(_sandbox.Remote, $"<l{prior}-2@torture.example>");
    }

    private async Task ReplaceFlagsAsync(LocalImapServer server, string messageId, string flag)
    {
        var message = (await server.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == messageId);
        await server.ReplaceFlagsAsync(User, "INBOX", [message.Uid], [flag]);
        _expected.Remove($"INBOX: {messageId} []");
        _expected[$"INBOX: {messageId} [{flag}]"] = messageId;
    }

    private async Task ExpungeAsync(LocalImapServer server, string messageId)
    {
        var message = (await server.FetchMessagesAsync(User, "INBOX")).Single(m => m.MessageId == messageId);
        await server.ExpungeAsync(User, "INBOX", [message.Uid]);
        _expected.Remove($"INBOX: {messageId} []");
    }

    /// <summary>A clean run; both servers hold exactly the expected messages. Returns the run's milliseconds.</summary>
    private async Task<int> CleanRunAndCheckAsync()
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, _, stderr) = await _sandbox.RunAsync();
        var elapsed = (int)clock.ElapsedMilliseconds;
        Assert.True(exitCode == ExitCodes.Success, stderr);
        var local = await CliSandbox.ReadBackAsync(_sandbox.Local);
        var remote = await CliSandbox.ReadBackAsync(_sandbox.Remote);
        Assert.Equal(local, remote);
        Assert.Equal(_expected.Keys, local);
        return elapsed;
    }

    private static SeedMessage Seed(string id) => SeedMessage.Simple(id + "@torture.example", subject: id, body: Body);
}
