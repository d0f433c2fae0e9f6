// Watches a mailbox with IDLE (RFC 2177) and prints new and expunged messages until Ctrl+C.
// Usage: WatchMailbox imaps://user:password@imap.example.org [MAILBOX]
using Imap.Protocol.Client;
using Imap.Protocol.Model;
using Imap.Samples;

var server = SampleServer.Parse(args.Length is 1 or 2 ? args[0] : throw new ArgumentException("usage: WatchMailbox URL [MAILBOX]"));
var mailbox = new MailboxName(args.Length == 2 ? args[1] : "INBOX");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

await using var client = await server.ConnectAsync();
if (!client.Capabilities.Idle)
{
    Console.Error.WriteLine("the server does not offer IDLE");
    return 1;
}

var selected = await client.SelectAsync(mailbox, new SelectOptions { ReadOnly = true });
Console.WriteLine($"{mailbox.Name}: {selected.Mailbox.Exists} messages; waiting for changes (Ctrl+C ends)");
client.UntaggedResponse += (_, response) =>
{
    switch (response)
    {
        case ExistsResponse exists:
            Console.WriteLine($"now {exists.Count} messages");
            break;
        case ExpungeResponse expunge:
            Console.WriteLine($"message {expunge.SequenceNumber} expunged");
            break;
        case FetchResponse fetch when fetch.Flags is { } flags:
            Console.WriteLine($"message {fetch.SequenceNumber} flags: {flags}");
            break;
    }
};

await client.IdleAsync(stop.Token); // re-issued every 25 minutes; returns after DONE once stop fires
await client.LogoutAsync();
return 0;
