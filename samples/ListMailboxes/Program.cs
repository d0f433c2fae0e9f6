// Lists every mailbox with its message and unseen counts. With LIST-STATUS (RFC 5819) that is one
// round trip; otherwise the STATUS commands are sent together and pipelined.
// Usage: ListMailboxes imaps://user:password@imap.example.org
using Imap.Protocol.Client;
using Imap.Samples;

var server = SampleServer.Parse(args.Length == 1 ? args[0] : throw new ArgumentException("usage: ListMailboxes URL"));
await using var client = await server.ConnectAsync();
const StatusItems items = StatusItems.Messages | StatusItems.Unseen;

var listStatus = client.Capabilities.ListStatus;
var entries = await client.ListAsync(new ListRequest { ReturnStatus = listStatus ? items : StatusItems.None });
var selectable = entries.Where(e => !e.Mailbox.IsNoSelect).ToList();
var statuses = listStatus
    ? selectable.Select(e => e.Status).ToArray()
    : await Task.WhenAll(selectable.Select(e => client.StatusAsync(e.Mailbox.Mailbox, items))); // all in flight at once

for (var i = 0; i < selectable.Count; i++)
{
    Console.WriteLine($"{selectable[i].Mailbox.Mailbox.Name,-40} {statuses[i]?.Messages,8} messages {statuses[i]?.Unseen,8} unseen");
}

await client.LogoutAsync();
