using Imap.Sync.Engine;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>The engine's behaviour on in-memory servers (fast, exhaustive); Dovecot tests check the adapter.</summary>
public sealed class BasicSyncTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task First_sync_copies_both_ways_and_creates_mailboxes_with_translated_delimiters()
    {
        _h.Local.Deliver("INBOX", "Message-ID: <l1@x>\r\n\r\nlocal one", "\\Seen");
        _h.Local.Deliver("work/2024", "Message-ID: <l2@x>\r\n\r\nnested", "$Label1");
        _h.Local.Subscriptions.Add("work/2024");
        _h.Remote.Deliver("INBOX", "Message-ID: <r1@x>\r\n\r\nremote one", "\\Flagged", "\\Seen");
        _h.Remote.Deliver("archive.old", "Message-ID: <r2@x>\r\n\r\narchived");

        var summary = await _h.SyncAsync();

        _h.AssertConverged("INBOX");
        Assert.Equal(2, _h.Local.Snapshot("INBOX").Count);
        Assert.Equal(_h.Local.Snapshot("work/2024"), _h.Remote.Snapshot("work.2024"));
        Assert.Equal(_h.Remote.Snapshot("archive.old"), _h.Local.Snapshot("archive/old"));
        Assert.Contains("work.2024", _h.Remote.Subscriptions);
        Assert.Equal(2, summary.MailboxesCreated);
        Assert.Equal(2, summary.MessagesCopiedToLocal);
        Assert.Equal(2, summary.MessagesCopiedToRemote);
        Assert.True(summary.BytesCopied > 0);
        Assert.Empty(summary.Errors);
        Assert.Equal(["INBOX", "archive\0old", "work\0" + "2024"], _h.WithState(s => s.GetMailboxes().Select(m => m.Name).Order(StringComparer.Ordinal).ToList()));
    }

    [Fact]
    public async Task Sizes_of_a_large_copy_are_fetched_in_batches_and_every_message_is_copied_once()
    {
        const int count = FingerprintBatches.SizeBatchSize + 10;
        for (var i = 0; i < count; i++)
        {
            _h.Remote.Deliver("INBOX", $"Message-ID: <m{i}@x>\r\n\r\nbody {i}");
        }

        var summary = await _h.SyncAsync();

        Assert.Equal(count, summary.MessagesCopiedToLocal);
        _h.AssertConverged("INBOX");
        Assert.Equal(count, _h.Local.Snapshot("INBOX").Distinct(StringComparer.Ordinal).Count());
        // The sizes that plan the copy: two batches, not one FETCH naming the whole mailbox.
        Assert.Equal(2, _h.LastRemote!.Log.Count(op => op == "UID FETCH FINGERPRINT"));
    }

    [Fact]
    public async Task Internal_date_and_keywords_are_kept()
    {
        var date = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.FromHours(-5));
        _h.Remote["INBOX"].Add("hello"u8.ToArray(), ["$Junk", "\\Answered", "\\Recent"], date);
        await _h.SyncAsync();
        var copied = Assert.Single(_h.Local["INBOX"].Messages.Values);
        Assert.Equal(date, copied.InternalDate);
        Assert.Equal(["$Junk", "\\Answered"], copied.Flags);
    }

    [Fact]
    public async Task Second_run_without_changes_selects_nothing_and_copies_nothing()
    {
        _h.Local.Deliver("INBOX", "a");
        _h.Remote.Deliver("INBOX", "b");
        await _h.SyncAsync();
        await _h.SyncAsync(); // settles HIGHESTMODSEQ after our own APPENDs
        var third = await _h.SyncAsync();
        Assert.Equal(0, third.MailboxesSynced);
        Assert.Equal(1, third.MailboxesUnchanged);
        Assert.DoesNotContain(_h.LastLocal!.Log, op => op.StartsWith("SELECT", StringComparison.Ordinal));
        Assert.Equal(2, _h.Local["INBOX"].Messages.Count);
        Assert.Equal(2, _h.Remote["INBOX"].Messages.Count);
    }

    [Fact]
    public async Task New_messages_after_first_sync_go_across_once()
    {
        await _h.SyncAsync();
        _h.Local.Deliver("INBOX", "later local");
        _h.Remote.Deliver("INBOX", "later remote", "\\Draft");
        var summary = await _h.SyncAsync();
        Assert.Equal(1, summary.MessagesCopiedToLocal);
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        await _h.SyncAsync();
        _h.AssertConverged("INBOX");
        Assert.Equal(2, _h.Remote["INBOX"].Messages.Count);
    }

    [Fact]
    public async Task Append_batches_respect_the_byte_and_count_budget()
    {
        for (var i = 0; i < 7; i++)
        {
            _h.Local.Deliver("INBOX", new string('x', 100) + i);
        }

        _h.Options = new SyncOptions { AppendBatchMaxBytes = 250, AppendBatchMaxMessages = 5 };
        await _h.SyncAsync();
        Assert.Equal(4, _h.LastRemote!.Log.Count(op => op == "APPEND")); // 2+2+2+1 messages of 101 bytes
        // Bodies are fetched batch by batch (memory stays bounded), not in one FETCH of everything.
        Assert.Equal(4, _h.LastLocal!.Log.Count(op => op == "UID FETCH BODY"));
        Assert.Equal(7, _h.Remote["INBOX"].Messages.Count);
    }

    [Fact]
    public async Task Without_appenduid_the_new_uids_are_found_by_fingerprint()
    {
        _h.RemoteFeatures = FakeMailServer.AllFeatures with { UidPlus = false };
        _h.Local.Deliver("INBOX", "Message-ID: <a@x>\r\n\r\none");
        _h.Local.Deliver("INBOX", "Message-ID: <b@x>\r\n\r\ntwo");
        await _h.SyncAsync();
        await _h.SyncAsync();
        _h.AssertConverged("INBOX");
        Assert.Equal(2, _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count));
    }

    [Fact]
    public async Task Zero_length_message_is_reported_and_skipped()
    {
        _h.Local["INBOX"].Add([], []);
        _h.Local.Deliver("INBOX", "real");
        var summary = await _h.SyncAsync();
        Assert.Single(_h.Remote["INBOX"].Messages);
        Assert.Contains(_h.Events, e => e.Kind == SyncEventKind.Warning && e.Message.Contains("0-length", StringComparison.Ordinal));
        Assert.Equal(1, summary.Warnings);
    }

    [Fact]
    public async Task First_sync_of_identical_mailboxes_pairs_them_instead_of_duplicating_and_merges_flags()
    {
        foreach (var (server, flag) in new[] { (_h.Local, "\\Seen"), (_h.Remote, "\\Flagged") })
        {
            server.Deliver("INBOX", "Message-ID: <same@x>\r\n\r\nsame", flag);
            server.Deliver("INBOX", "Message-ID: <twin@x>\r\n\r\ntwin");
            server.Deliver("INBOX", "Message-ID: <twin@x>\r\n\r\ntwin");
        }

        _h.Local.Deliver("INBOX", "Message-ID: <only-local@x>\r\n\r\nonly here");
        var summary = await _h.SyncAsync();
        Assert.Equal(1, summary.MessagesCopiedToRemote);
        Assert.Equal(0, summary.MessagesCopiedToLocal);
        Assert.Equal(4, _h.Remote["INBOX"].Messages.Count);
        _h.AssertConverged("INBOX");
        Assert.Contains("Message-ID: <same@x>\r\n\r\nsame [\\Flagged \\Seen]", _h.Local.Snapshot("INBOX"));
    }

    [Fact]
    public async Task Several_mailboxes_in_flight_on_extra_connections_converge()
    {
        for (var i = 0; i < 8; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                _h.Local.Deliver($"box{i}", $"Message-ID: <l{i}.{j}@x>\r\n\r\nlocal {i} {j}", "\\Seen");
                _h.Remote.Deliver($"box{i}", $"Message-ID: <r{i}.{j}@x>\r\n\r\nremote {i} {j}");
            }
        }

        var summary = await _h.ParallelSyncAsync(inFlight: 3);
        Assert.Equal(4, _h.ExtraConnections); // two more workers, a pair of connections each
        Assert.Equal(40, summary.MessagesCopiedToLocal);
        Assert.Equal(40, summary.MessagesCopiedToRemote);
        Assert.Equal(9, summary.MailboxesSynced);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(_h.Local.Snapshot($"box{i}"), _h.Remote.Snapshot($"box{i}"));
            Assert.Equal(10, _h.Local[$"box{i}"].Messages.Count);
        }

        _h.Local[$"box3"].SetFlags(1, ["\\Flagged"]);
        var next = await _h.ParallelSyncAsync(inFlight: 3);
        Assert.Equal(0, next.MessagesCopiedToLocal + next.MessagesCopiedToRemote);
        Assert.Equal(_h.Local.Snapshot("box3"), _h.Remote.Snapshot("box3"));
    }
}
