using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// The HIGHESTMODSEQ check sent in the flight of a write (<see cref="IMailServer.SendChangesSinceWithNextWrite"/>)
/// on a real Dovecot: its answer is kept for <see cref="IMailServer.FetchChangesSinceAsync"/>, and dropped
/// once another write has been issued, whose change the check must then see.
/// </summary>
public sealed class DovecotCheckBehindWritesTests
{
    private const string User = TwoDovecots.User;

    [Fact]
    public async Task The_check_sent_with_the_last_write_answers_without_another_command()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var (server, commands, since) = await OpenAsync(servers);

        server.SendChangesSinceWithNextWrite(since);
        await server.StoreFlagsAsync([1], ["\\Flagged"], since, CancellationToken.None);
        var sent = commands.Count;
        var changes = await server.FetchChangesSinceAsync(since, CancellationToken.None);

        Assert.Equal(sent, commands.Count);
        Assert.True(changes.ReportedModSeq > since);
        Assert.Contains(changes.Changed, c => c.Uid == 1 && c.Flags.Contains("\\Flagged"));
        Assert.Contains(commands.Take(sent), c => c.Contains("CHANGEDSINCE", StringComparison.Ordinal));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_write_after_the_check_makes_it_asked_again()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var (server, commands, since) = await OpenAsync(servers);

        server.SendChangesSinceWithNextWrite(since);
        await server.StoreFlagsAsync([1], ["\\Flagged"], since, CancellationToken.None);
        await server.StoreFlagsAsync([2], ["\\Seen"], since, CancellationToken.None);
        var sent = commands.Count;
        var changes = await server.FetchChangesSinceAsync(since, CancellationToken.None);

        Assert.Contains(commands.Skip(sent), c => c.Contains("CHANGEDSINCE", StringComparison.Ordinal));
        Assert.Contains(changes.Changed, c => c.Uid == 1 && c.Flags.Contains("\\Flagged"));
        Assert.Contains(changes.Changed, c => c.Uid == 2 && c.Flags.Contains("\\Seen"));
        await server.DisposeAsync();
    }

    // INBOX of two messages, selected; every command written from then on (tag dropped).
    private static async Task<(IMailServer Server, List<string> Commands, ulong HighestModSeq)> OpenAsync(TwoDovecots servers)
    {
        await servers.Local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("m1"), DovecotSyncTests.Seed("m2")]);
        var commands = new List<string>();
        var server = await DovecotSync.OpenAsync(servers.Local, trace: line =>
        {
            if (line.StartsWith("C: ", StringComparison.Ordinal) && line.Split(' ', 3) is [_, _, var words])
            {
                lock (commands)
                {
                    commands.Add(words);
                }
            }
        });
        var selected = await server.SelectAsync("INBOX", null, CancellationToken.None);
        Assert.True(selected.HighestModSeq > 0);
        return (server, commands, selected.HighestModSeq);
    }
}
