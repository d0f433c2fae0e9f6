// Copies a mailbox from one server to another with its flags and dates: UID FETCH of whole messages
// (pipelined, streamed as they arrive) into APPEND batches, one MULTIAPPEND command per batch where
// the target offers it. Run it again and it copies everything again: keeping two mailboxes in sync
// without duplicates is what Imap.Sync is for (see EmbedSync).
// Usage: CopyMailbox SOURCE-URL TARGET-URL MAILBOX
using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Samples;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: CopyMailbox SOURCE-URL TARGET-URL MAILBOX");
    return 2;
}

const int BatchMessages = 50;
const long BatchBytes = 4 << 20;
var mailbox = new MailboxName(args[2]);
await using var source = await SampleServer.Parse(args[0]).ConnectAsync();
await using var target = await SampleServer.Parse(args[1]).ConnectAsync();

var selected = await source.SelectAsync(mailbox, new SelectOptions { ReadOnly = true });
if (selected.Mailbox.Exists == 0)
{
    Console.WriteLine("nothing to copy");
    return 0;
}

try
{
    await target.CreateAsync(mailbox);
}
catch (ImapCommandException)
{
    // It exists already: append to it.
}

var everything = UidSet.All;
var request = new FetchRequest { Flags = true, InternalDate = true, BodyItems = ["BODY.PEEK[]"] };
var batch = new List<AppendMessage>();
long batchBytes = 0, copied = 0;
await foreach (var message in source.FetchAsync(everything, request))
{
    var body = message.GetBody()?.Data ?? throw new InvalidOperationException($"UID {message.Uid}: no body returned");
    batch.Add(new AppendMessage
    {
        Content = ImapLiteral.FromMemory(body.ToArray()), // the response's buffer is not ours to keep
        Flags = (message.Flags ?? FlagSet.Empty).Without(SystemFlags.Recent).Select(f => f.Name).ToList(),
        InternalDate = message.InternalDate,
    });
    batchBytes += body.Length;
    if (batch.Count == BatchMessages || batchBytes >= BatchBytes)
    {
        copied += await FlushAsync();
    }
}

copied += await FlushAsync();
Console.WriteLine($"copied {copied} message(s) of {mailbox.Name}");
return 0;

async Task<int> FlushAsync()
{
    if (batch.Count == 0)
    {
        return 0;
    }

    var result = await target.AppendAsync(mailbox, batch); // MULTIAPPEND when offered, else one APPEND each
    var count = batch.Count;
    Console.WriteLine($"appended {count} message(s){(result.Uids.Count > 0 ? $", UIDs {UidSet.FromUids(result.Uids)}" : "")}");
    batch.Clear();
    batchBytes = 0;
    return count;
}
