using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Client;

internal static class TranscriptClient
{
    public const string Greeting = "* OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS ENABLE QRESYNC CONDSTORE ESEARCH MULTIAPPEND MOVE AUTH=PLAIN SASL-IR] ready";

    public static Task<ImapClient> Connect(ScriptedImapServer server, int depth = 16, TimeSpan? timeout = null,
        Action<string>? trace = null, ImapSecurity security = ImapSecurity.None) =>
        ImapClient.ConnectAsync(new ImapClientOptions
        {
            Transport = new ImapTransportOptions
            {
                Host = "127.0.0.1",
                Port = server.Port,
                Security = security,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
            PipelineDepth = depth,
            CommandTimeout = timeout ?? TimeSpan.FromSeconds(20),
            Trace = trace,
        });

    /// <summary>A client at depth 8 with INBOX selected (the script's first exchange must answer the SELECT).</summary>
    public static async Task<ImapClient> ConnectSelected(ScriptedImapServer server, Action<string>? trace = null)
    {
        var client = await Connect(server, depth: 8, trace: trace);
        await client.SelectAsync(new MailboxName("INBOX")).WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }
}
