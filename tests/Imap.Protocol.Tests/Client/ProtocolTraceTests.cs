using System.Text;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;

namespace Imap.Protocol.Tests.Client;

public class ProtocolTraceTests
{
    [Fact]
    public void Server_literals_are_never_printed()
    {
        var lines = new List<string>();
        var trace = new ProtocolTrace(lines.Add, showCredentials: false);
        var bytes = Encoding.ASCII.GetBytes("* 1 FETCH (UID 5 BODY[] {11}\r\nsecret body)\r\n* OK x\r\n");
        foreach (var b in bytes)
        {
            trace.ServerBytes([b]);
        }
        Assert.Equal(["S: * 1 FETCH (UID 5 BODY[] {11}", "S: [...])", "S: * OK x"], lines);
    }

    [Fact]
    public void Client_literals_are_summarized_and_credentials_redacted()
    {
        var lines = new List<string>();
        var trace = new ProtocolTrace(lines.Add, showCredentials: false);
        var append = new ImapCommandBuilder("APPEND", "APPEND INBOX "u8, new ImapLiteralPolicy(true, false)).Literal(ImapLiteral.FromMemory(new byte[42])).Build(Pipelining.Independent);
        trace.ClientSegment("000001", append, 0);
        trace.ClientSegment("000001", append, 1);
        var login = new ImapCommandBuilder("LOGIN", "LOGIN u pw"u8).Sensitive().Build(Pipelining.Independent);
        trace.ClientSegment("000002", login, 0);
        Assert.Equal(["C: 000001 APPEND INBOX {42+}", "C: [...]", "C: 000002 LOGIN [REDACTED]"], lines);
    }

    [Fact]
    public void Credentials_shown_when_asked()
    {
        var lines = new List<string>();
        var trace = new ProtocolTrace(lines.Add, showCredentials: true);
        trace.ClientSegment("000002", new ImapCommandBuilder("LOGIN", "LOGIN u pw"u8).Sensitive().Build(Pipelining.Independent), 0);
        Assert.Equal(["C: 000002 LOGIN u pw"], lines);
    }

    [Fact]
    public void Sasl_exchange_hidden()
    {
        var lines = new List<string>();
        var trace = new ProtocolTrace(lines.Add, showCredentials: false) { HideExchange = true };
        trace.ServerBytes("+ c2VjcmV0\r\n"u8);
        trace.ClientContinuation("c2VjcmV0");
        Assert.Empty(lines);
    }
}
