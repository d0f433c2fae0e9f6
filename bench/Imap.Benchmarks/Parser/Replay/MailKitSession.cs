using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Imap.Benchmarks.Parser.Replay;

/// <summary>A MailKit client logged in to a <see cref="ReplayImapServerStream"/> with INBOX open.</summary>
internal sealed class MailKitSession : IDisposable
{
    private readonly ImapClient _client = new();

    public MailKitSession(byte[] fetchReply)
    {
        _client.Connect(new ReplayImapServerStream(fetchReply), "localhost", 143, SecureSocketOptions.None);
        _client.Authenticate("user", "password");
        Inbox = _client.Inbox;
        Inbox.Open(FolderAccess.ReadOnly);
    }

    public IMailFolder Inbox { get; }

    public void Dispose() => _client.Dispose();
}
