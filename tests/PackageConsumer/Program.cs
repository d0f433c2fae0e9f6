// The package consumer check: appends and fetches a message with Imap.Protocol, syncs two accounts
// with Imap.Sync, and reads the copy back from the other server. Any failed check throws, so the
// exit status is non-zero. Arguments: PORT-A PORT-B WORK-DIR (user alice/alicepw on 127.0.0.1).
using System.Globalization;
using System.Text;
using Imap.Protocol.Auth;
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Protocol.Transport;
using PackageConsumer;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PackageConsumer PORT-A PORT-B WORK-DIR");
    return 2;
}

var (portA, portB, workDirectory) = (int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = timeout.Token;
var messageId = $"<{Guid.NewGuid():N}@package-consumer>";
var body = Encoding.ASCII.GetBytes($"Message-ID: {messageId}\r\nSubject: from the packages\r\nFrom: a@example.org\r\n\r\nHello.\r\n");
var inbox = new MailboxName("INBOX");

// Imap.Protocol: APPEND, then FETCH it back by the UID the server gave it.
await using (var a = await Servers.ConnectAsync(portA, ct))
{
    var appended = await a.AppendAsync(inbox, new AppendMessage { Content = ImapLiteral.FromMemory(body), Flags = [@"\Flagged"] }, ct);
    Check.That(appended.Uids.Count == 1, $"APPENDUID names one UID (got {appended.Uids.Count})");
    await a.SelectAsync(inbox, cancellationToken: ct);
    var fetched = await a.FetchListAsync(UidSet.FromUid(appended.Uids[0]), new FetchRequest { Flags = true, BodyItems = ["BODY.PEEK[]"] }, ct);
    Check.That(fetched.Count == 1, $"one message fetched from A (got {fetched.Count})");
    Check.Message(fetched[0], body, "A");
    Console.WriteLine($"package consumer: Imap.Protocol appended and fetched UID {appended.Uids[0]} on A");
}

// Imap.Sync: the first run copies the message to B, the second finds nothing to do.
var statePath = Path.Combine(workDirectory, "state.db");
var first = await Syncing.RunOnceAsync(portA, portB, statePath, ct);
Check.That(first.MessagesCopiedToRemote == 1 && first.MessagesCopiedToLocal == 0,
    $"first sync copies one message A -> B (got {first.MessagesCopiedToRemote} -> B, {first.MessagesCopiedToLocal} -> A)");
var second = await Syncing.RunOnceAsync(portA, portB, statePath, ct);
Check.That(second.MessagesCopiedToRemote == 0 && second.MessagesCopiedToLocal == 0 && second.Errors.Count == 0,
    $"second sync copies nothing (got {second.MessagesCopiedToRemote} -> B, {second.MessagesCopiedToLocal} -> A, {second.Errors.Count} errors)");

await using (var b = await Servers.ConnectAsync(portB, ct))
{
    var selected = await b.SelectAsync(inbox, cancellationToken: ct);
    Check.That(selected.Mailbox.Exists == 1, $"B's INBOX holds exactly one message (got {selected.Mailbox.Exists})");
    var all = UidSet.All;
    var copies = await b.FetchListAsync(all, new FetchRequest { Flags = true, BodyItems = ["BODY.PEEK[]"] }, ct);
    Check.That(copies.Count == 1, $"one message fetched from B (got {copies.Count})");
    Check.Message(copies[0], body, "B");
}

Console.WriteLine("package consumer: Imap.Sync copied the message to B with its flag, once; OK");
return 0;
