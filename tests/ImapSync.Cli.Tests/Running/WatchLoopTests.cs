using System.Net.Sockets;
using ImapSync.Cli.Configuration;
using ImapSync.Cli.Options;
using ImapSync.Cli.Output;
using ImapSync.Cli.Running;

namespace ImapSync.Cli.Tests.Running;

public class WatchLoopTests
{
    private static readonly SyncConfig Config = ConfigLoader.Parse(
        "[local]\ntype=tunnel\ncommand=a\n[remote]\ntype=tunnel\ncommand=b\n", "c", new XdgDirectories("/c", "/d"));

    private static (WatchLoop Loop, StringWriter Log) Loop(FakeSessionFactory engine, CliOptions options)
    {
        var log = new StringWriter();
        var logger = new Logger(LogPrefixTemplate.Default, log, null, quiet: false, debugLevel: 0);
        var loop = new WatchLoop(engine, Config, options, logger, TimeProvider.System)
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(40),
        };
        return (loop, log);
    }

    [Fact]
    public async Task Single_run_opens_runs_and_closes_once()
    {
        var engine = new FakeSessionFactory();
        var (loop, _) = Loop(engine, new CliOptions());
        await loop.RunAsync(CancellationToken.None);
        Assert.Equal((1, 1, 1), (engine.OpenCount, engine.RunCount, engine.DisposeCount));
    }

    [Fact]
    public async Task Single_run_does_not_retry_a_connection_error()
    {
        var engine = new FakeSessionFactory();
        engine.Opens.Enqueue(() => new SocketException((int)SocketError.HostUnreachable));
        var (loop, _) = Loop(engine, new CliOptions());
        await Assert.ThrowsAsync<SocketException>(() => loop.RunAsync(CancellationToken.None));
        Assert.Equal(1, engine.OpenCount);
    }

    [Fact]
    public async Task Watch_repeats_until_stopped_and_adds_up_the_runs()
    {
        using var stop = new CancellationTokenSource();
        var engine = new FakeSessionFactory();
        for (var i = 0; i < 3; i++)
        {
            engine.Runs.Enqueue((s, _) =>
            {
                s.MessageCopied(false, 100);
                return Task.CompletedTask;
            });
        }

        engine.Runs.Enqueue(StopWhenRun(stop));
        var (loop, _) = Loop(engine, new CliOptions { WatchInterval = TimeSpan.FromSeconds(1) });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.RunAsync(stop.Token));
        Assert.Equal((1, 4), (engine.OpenCount, engine.RunCount));
        Assert.Equal(3, loop.Total.MessagesToLocal);
        Assert.Equal(300, loop.Total.BytesToLocal);
    }

    [Fact]
    public async Task Watch_reconnects_after_network_errors_with_growing_delays()
    {
        using var stop = new CancellationTokenSource();
        var engine = new FakeSessionFactory();
        engine.Opens.Enqueue(() => new SocketException((int)SocketError.ConnectionRefused));
        engine.Opens.Enqueue(() => new IOException("Connection reset by peer"));
        engine.Opens.Enqueue(() => null);
        engine.Runs.Enqueue((_, _) => throw new EndOfStreamException("server closed the connection"));
        engine.Runs.Enqueue(StopWhenRun(stop));
        var (loop, log) = Loop(engine, new CliOptions { WatchInterval = TimeSpan.FromSeconds(1) });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.RunAsync(stop.Token));
        Assert.Equal(4, engine.OpenCount);
        var text = log.ToString();
        Assert.Contains("ERROR: Connection reset by peer", text, StringComparison.Ordinal);
        Assert.Contains("ERROR: server closed the connection", text, StringComparison.Ordinal);
        // 10 ms, then 20 ms, then back to 10 ms after a successful connection.
        Assert.Equal(["0.01", "0.02", "0.01"],
            System.Text.RegularExpressions.Regex.Matches(text, @"reconnecting in ([\d.]+) s").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Watch_reconnects_after_a_stalled_TLS_handshake_or_a_refused_upgrade()
    {
        using var stop = new CancellationTokenSource();
        var engine = new FakeSessionFactory();
        // As ImapServerConnector reports them: a silent server after "OK begin TLS", a refused STARTTLS and COMPRESS.
        engine.Opens.Enqueue(() => new CliFailure(ExitCodes.ConnectionOrAuth, "remote: h:143: Timed out after 30 s in the TLS handshake with h after STARTTLS",
            new Imap.Protocol.Client.ImapTimeoutException("Timed out after 30 s in the TLS handshake with h after STARTTLS")));
        engine.Opens.Enqueue(() => new CliFailure(ExitCodes.ConnectionOrAuth, "remote: h:143: h refused STARTTLS: STARTTLS failed: NO down",
            new Imap.Protocol.Transport.ImapTlsException("h refused STARTTLS: STARTTLS failed: NO down")));
        engine.Opens.Enqueue(() => new CliFailure(ExitCodes.ConnectionOrAuth, "remote: h:143: COMPRESS failed: NO off",
            new Imap.Protocol.Client.ImapCommandException("COMPRESS failed: NO off")));
        engine.Opens.Enqueue(() => null);
        engine.Runs.Enqueue(StopWhenRun(stop));
        var (loop, log) = Loop(engine, new CliOptions { WatchInterval = TimeSpan.FromSeconds(1) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.RunAsync(stop.Token));

        Assert.Equal(4, engine.OpenCount);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(log.ToString(), "reconnecting in"));
    }

    /// <summary>A run that stops the loop (as SIGTERM would) once it is reached.</summary>
    private static Func<SyncStatistics, CancellationToken, Task> StopWhenRun(CancellationTokenSource stop) => async (_, token) =>
    {
        await stop.CancelAsync();
        token.ThrowIfCancellationRequested();
    };

    [Fact]
    public async Task Watch_does_not_retry_a_sync_error()
    {
        var engine = new FakeSessionFactory();
        engine.Runs.Enqueue((_, _) => throw new CliFailure(ExitCodes.NeedsDecision, "decide"));
        var (loop, _) = Loop(engine, new CliOptions { WatchInterval = TimeSpan.FromSeconds(1) });
        var e = await Assert.ThrowsAsync<CliFailure>(() => loop.RunAsync(CancellationToken.None));
        Assert.Equal(ExitCodes.NeedsDecision, e.ExitCode);
        Assert.Equal(1, engine.OpenCount);
    }
}
