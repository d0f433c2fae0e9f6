using System.Net.Sockets;
using Imap.Testing.Dovecot;
using Imap.Testing.Processes;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>Start, stop and clean-up of <see cref="DovecotServer"/>: nothing it started may survive.</summary>
public sealed class DovecotServerLifecycleTests
{
    [Fact]
    public async Task Start_greets_on_the_plain_port_and_stop_leaves_no_process_or_directory()
    {
        var server = await DovecotServer.StartAsync();
        ProcessSnapshot snapshot;
        try
        {
            Assert.True(server.IsRunning);
            Assert.True(File.Exists(server.ConfigPath));
            await using (var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port))
            {
                Assert.StartsWith("* OK [CAPABILITY IMAP4rev1", connection.Greeting, StringComparison.Ordinal);
                Assert.Contains("STARTTLS", connection.Greeting, StringComparison.Ordinal);
            }

            snapshot = ProcessSnapshot.Take(server);
            Assert.NotEmpty(snapshot.Children);
        }
        finally
        {
            await server.DisposeAsync();
        }

        snapshot.AssertNothingLeft();
        Assert.False(server.IsRunning);
        using var tcp = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(server.Host, server.Port));
    }

    [Fact]
    public async Task Stop_also_ends_connected_client_sessions()
    {
        var server = await DovecotServer.StartAsync();
        await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);
        await connection.LoginAsync("alice", "alicepw");
        var snapshot = ProcessSnapshot.Take(server);
        Assert.Contains(snapshot.Children, c => UnixProcess.CommandLine(c.Pid).Contains("imap", StringComparison.Ordinal));

        await server.StopAsync();

        snapshot.AssertNothingLeft();
    }

    [Fact]
    public async Task A_failing_test_body_still_stops_the_server()
    {
        ProcessSnapshot? snapshot = null;
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var server = await DovecotServer.StartAsync();
            snapshot = ProcessSnapshot.Take(server);
            throw new InvalidOperationException("simulated test failure");
        });

        Assert.IsType<InvalidOperationException>(failure);
        Assert.NotNull(snapshot);
        snapshot.AssertNothingLeft();
    }

    [Fact]
    public async Task Two_instances_run_at_once_with_separate_ports_directories_and_mail()
    {
        var servers = await Task.WhenAll(DovecotServer.StartAsync(), DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '.' }));
        var snapshots = servers.Select(ProcessSnapshot.Take).ToList();
        try
        {
            Assert.NotEqual(servers[0].Port, servers[1].Port);
            Assert.NotEqual(servers[0].Directory, servers[1].Directory);
            Assert.NotEqual(servers[0].MasterPid, servers[1].MasterPid);

            await servers[0].CreateMailboxAsync("alice", "only-on-first");
            Assert.Contains("only-on-first", await servers[0].ListMailboxesAsync("alice"));
            Assert.DoesNotContain("only-on-first", await servers[1].ListMailboxesAsync("alice"));

            foreach (var server in servers)
            {
                await using var connection = await RawImapConnection.ConnectAsync(server.Host, server.Port);
                await connection.LoginAsync("alice", "alicepw");
                var list = await connection.CommandAsync("LIST \"\" \"\"");
                Assert.Contains($"\"{server.HierarchySeparator}\"", list[0], StringComparison.Ordinal);
            }
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.StopAsync()));
        }

        snapshots.ForEach(s => s.AssertNothingLeft());
    }

    [Fact]
    public async Task Stop_is_idempotent()
    {
        var server = await DovecotServer.StartAsync();
        await server.StopAsync();
        await server.StopAsync();
        await server.DisposeAsync();
        Assert.False(Directory.Exists(server.Directory));
    }

    [Fact]
    public async Task Orphans_of_a_dead_test_process_are_killed_and_deleted_by_the_sweep()
    {
        var server = await DovecotServer.StartAsync();
        var snapshot = ProcessSnapshot.Take(server);
        try
        {
            // Pretend the owning test process died: record an owner identity that no live process has.
            await File.WriteAllTextAsync(Path.Combine(server.Directory, "owner"), $"{Environment.ProcessId} 1\n");

            InstanceDirectories.SweepOrphans();

            snapshot.AssertNothingLeft();
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_sweep_leaves_servers_of_live_test_processes_alone()
    {
        await using var server = await DovecotServer.StartAsync();

        InstanceDirectories.SweepOrphans();

        Assert.True(server.IsRunning);
        Assert.True(Directory.Exists(server.Directory));
    }
}
