using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// The HIGHESTMODSEQ check sent in the flight of a write (<see cref="IMailServer.SendChangesSinceWithNextWrite"/>)
/// on a real Dovecot: its answer is kept for <see cref="IMailServer.FetchChangesSinceAsync"/>, and dropped
/// once another write has been issued, whose change the check must then see. The same for the UIDs past
/// an APPEND (<see cref="IMailServer.SendUidsFromWithNextWrite"/>).
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

    // The reads after new mail was appended: the check and the UIDs past the APPEND, sent with it.
    [Fact]
    public async Task The_reads_sent_with_an_append_answer_without_another_command()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var (server, commands, since) = await OpenAsync(servers);

        server.SendChangesSinceWithNextWrite(since);
        server.SendUidsFromWithNextWrite(3);
        var appended = await server.AppendAsync("INBOX", [NewMessage("m3")], CancellationToken.None);
        var sent = commands.Count;
        var changes = await server.FetchChangesSinceAsync(since, CancellationToken.None);
        var uids = await server.FetchUidsAsync(3, 3, CancellationToken.None);

        Assert.Equal(sent, commands.Count);
        Assert.Equal([3u], appended.Uids);
        Assert.Equal([3u], uids);
        Assert.True(changes.ReportedModSeq > since);
        Assert.Contains(changes.Changed, c => c.Uid == 3);
        // Both were sent behind the APPEND, after a SELECT, before its reply was read.
        var append = commands.FindIndex(c => c.StartsWith("APPEND", StringComparison.Ordinal));
        Assert.StartsWith("SELECT", commands[append + 1], StringComparison.Ordinal);
        Assert.Contains(commands.Skip(append), c => c.Contains("CHANGEDSINCE", StringComparison.Ordinal));
        Assert.Contains(commands.Skip(append), c => c.StartsWith("UID SEARCH", StringComparison.Ordinal));
        await server.DisposeAsync();
    }

    // A second APPEND after the reads (another batch) makes both asked again: they did not see it.
    [Fact]
    public async Task An_append_after_the_reads_makes_them_asked_again()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var (server, commands, since) = await OpenAsync(servers);

        server.SendChangesSinceWithNextWrite(since);
        server.SendUidsFromWithNextWrite(3);
        var first = server.AppendAsync("INBOX", [NewMessage("m3")], CancellationToken.None).AsTask();
        var second = server.AppendAsync("INBOX", [NewMessage("m4")], CancellationToken.None).AsTask();
        await Task.WhenAll(first, second);
        var sent = commands.Count;
        var changes = await server.FetchChangesSinceAsync(since, CancellationToken.None);
        var uids = await server.FetchUidsAsync(3, 4, CancellationToken.None);

        Assert.Equal([3u, 4u], uids);
        Assert.Contains(changes.Changed, c => c.Uid == 4);
        Assert.Contains(commands.Skip(sent), c => c.Contains("CHANGEDSINCE", StringComparison.Ordinal));
        Assert.Contains(commands.Skip(sent), c => c.StartsWith("UID SEARCH", StringComparison.Ordinal));
        await server.DisposeAsync();
    }

    private static MessageToAppend NewMessage(string id) =>
        new([], null, System.Text.Encoding.ASCII.GetBytes($"Message-ID: <{id}@x>\r\nSubject: {id}\r\n\r\n{id}\r\n"));

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
