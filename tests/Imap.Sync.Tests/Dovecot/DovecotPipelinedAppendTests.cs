using System.Globalization;
using Imap.Sync.Tests.Fakes;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Once an APPENDUID was trusted, a batch's APPEND goes out before the previous batch's reply is handled:
/// the target does not wait a round trip and two commits per batch. Never more than one batch unmapped
/// at a time, and the target's UIDs keep the source's order.
/// </summary>
public sealed class DovecotPipelinedAppendTests
{
    [Fact]
    public async Task The_next_batch_is_appended_before_the_previous_one_is_mapped_and_the_target_keeps_the_source_order()
    {
        await using var servers = await TwoDovecots.StartAsync();
        var seeds = Enumerable.Range(0, 12).Select(i => DovecotSyncTests.Seed("p" + i.ToString("D2", CultureInfo.InvariantCulture), i % 2 == 0 ? ["\\Seen"] : []));
        await servers.Local.AppendAsync(TwoDovecots.User, "INBOX", seeds);
        var db = servers.Work.File("state.db");
        var events = new List<SyncEvent>();
        var unmappedWhenSent = new List<int>(); // batches appended but not yet mapped as each APPEND goes out

        var summary = await DovecotSync.RunAsync(servers, db, new SyncOptions { AppendBatchMaxMessages = 2 }, events: events, wrap: (server, side) =>
            side == SyncSide.Local ? server : new HookedMailServer(server, null, null, operation =>
            {
                if (operation == "APPEND")
                {
                    lock (events)
                    {
                        unmappedWhenSent.Add(unmappedWhenSent.Count - events.Count(e => e.Kind == SyncEventKind.MessagesCopied));
                    }
                }

                return Task.CompletedTask;
            }));

        Assert.Empty(summary.Errors);
        Assert.Equal(12, summary.MessagesCopiedToRemote);
        Assert.Equal(6, unmappedWhenSent.Count);
        Assert.Equal([0, 0, 1, 1, 1, 1], unmappedWhenSent); // the first two wait for a trusted APPENDUID
        var local = await servers.Local.FetchMessagesAsync(TwoDovecots.User, "INBOX");
        var remote = await servers.Remote.FetchMessagesAsync(TwoDovecots.User, "INBOX");
        Assert.Equal(local.Select(m => m.MessageId), remote.Select(m => m.MessageId)); // UID order kept, none twice
        Assert.Equal(await TwoDovecots.ReadBackAsync(servers.Local), await TwoDovecots.ReadBackAsync(servers.Remote));
        await servers.AssertConvergedAsync(db);
    }
}
