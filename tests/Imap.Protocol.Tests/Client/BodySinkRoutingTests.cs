using System.Text;
using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Client;

/// <summary>
/// Streamed FETCH bodies reach a command's sinks (which may spool them to files) only when the UID came
/// first and is one the command asked for. A body without a UID, unsolicited or not, is collected in
/// memory and handed back in its FETCH response: a server whose UID follows the body still works.
/// </summary>
public class BodySinkRoutingTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);
    private static readonly string s_big = new('x', 100);

    [Fact]
    public async Task Only_bodies_after_a_uid_asked_for_reach_the_sinks()
    {
        await using var server = new ScriptedImapServer(TranscriptClient.Greeting,
            new Exchange("UID FETCH 5:6 (UID BODY.PEEK[])",
                $"* 9 FETCH (BODY[] {{100}}\r\n{s_big})",
                $"* 8 FETCH (UID 77 BODY[] {{100}}\r\n{s_big})",
                $"* 1 FETCH (BODY[] {{100}}\r\n{s_big} UID 6)",
                $"* 2 FETCH (UID 5 BODY[] {{100}}\r\n{s_big})",
                "{tag} OK done"));
        await using var client = await Connect(server);
        var sinks = new RecordingSinks();

        var fetched = await client.FetchListAsync(UidSet.Parse("5:6"), new FetchRequest { BodyItems = ["BODY.PEEK[]"], BodySinks = sinks }).WaitAsync(s_limit);

        Assert.Equal([(2u, (uint?)5)], sinks.Opened);
        // UID after the body: collected in memory and given back whole.
        var late = Assert.Single(fetched, f => f.SequenceNumber == 1);
        Assert.Equal(s_big, Encoding.ASCII.GetString(late.GetBody()!.Data!.Value.Span));
        Assert.Null(server.Error);
    }

    private static Task<ImapClient> Connect(ScriptedImapServer server) =>
        ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None },
            CommandTimeout = s_limit,
            Limits = ImapReaderLimits.Default with { InlineLiteralThreshold = 10 },
        });

    private sealed class RecordingSinks : IFetchBodySinkProvider
    {
        public List<(uint SequenceNumber, uint? Uid)> Opened { get; } = [];

        public IFetchBodySink Open(FetchBodyContext context)
        {
            lock (Opened)
            {
                Opened.Add((context.SequenceNumber, context.Uid?.Value));
            }

            return new DiscardingSink();
        }
    }

    private sealed class DiscardingSink : IFetchBodySink
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
