// Keeps two accounts in sync from your own program with Imap.Sync: runs once, or with --watch every
// minute until Ctrl+C (the mailboxes in flight finish and commit first). The state file makes each
// run copy only what changed, without losing or duplicating a message even when interrupted.
// Usage: EmbedSync LOCAL-URL REMOTE-URL STATE-FILE [--watch]
using Imap.Samples;
using Imap.Sync;

if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: EmbedSync LOCAL-URL REMOTE-URL STATE-FILE [--watch]");
    return 2;
}

var local = SampleServer.Parse(args[0]);
var remote = SampleServer.Parse(args[1]);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

await using var sync = new AccountSync(
    SyncEndpoint.Imap(local.Options, local.Credentials),
    SyncEndpoint.Imap(remote.Options, remote.Credentials),
    args[2],
    new SyncOptions { MaxMailboxesInFlight = 2 });
sync.Progress += (_, e) =>
{
    if (e.Kind is not (SyncEventKind.MailboxStarted or SyncEventKind.MailboxFinished or SyncEventKind.Planned or SyncEventKind.CopyPlanned))
    {
        Console.WriteLine(e.Mailbox is null ? e.Message : $"{e.Side}({e.Mailbox}): {e.Message}");
    }
};

void Print(SyncSummary s) => Console.WriteLine(
    $"{s.MessagesCopiedToLocal} copied to local, {s.MessagesCopiedToRemote} to remote, {s.FlagUpdates} flag updates, {s.Expunges} expunges, {s.Errors.Count} errors");

if (args.Length == 4 && args[3] == "--watch")
{
    await sync.WatchAsync(TimeSpan.FromMinutes(1), Print, stop.Token);
    return 0;
}

var summary = await sync.SyncAsync(stop.Token);
Print(summary);
return summary.Errors.Count == 0 ? 0 : 1;
