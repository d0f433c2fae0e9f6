using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// A copy killed between its APPEND and the commit of its mapping is found again by the next run. Its
/// pair has no agreed flags then: the flags of both messages are merged (union) as on an adoption,
/// not left unknown, where the target's next report (its flags, less the keywords it cannot store)
/// would be taken for a change and overwrite the source's.
/// </summary>
public sealed class InterruptedCopyFlagsTests : IDisposable
{
    private const string Copied = "Message-ID: <kw@x>\r\n\r\nkeyword";

    private readonly SyncHarness _h = new();

    public InterruptedCopyFlagsTests()
    {
        _h.Local.Deliver("INBOX", "Message-ID: <old@x>\r\n\r\nold");
        _h.Remote["INBOX"].PermanentFlags = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"];
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_copy_found_again_keeps_a_keyword_the_target_cannot_store_on_the_source()
    {
        await KilledCopyAsync();
        await _h.SyncAsync(); // finds the copy again

        // The user flags the remote copy: only that is a change, the missing keyword is not.
        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", Copied), ["\\Flagged", "\\Seen"]);
        await _h.SyncAsync();
        await _h.SyncAsync();

        Assert.Equal(["$Private", "\\Flagged", "\\Seen"], LocalFlags());
        Assert.Equal(["\\Flagged", "\\Seen"], RemoteFlags());
    }

    [Fact]
    public async Task A_change_made_on_the_source_after_the_killed_append_reaches_the_target()
    {
        await KilledCopyAsync();
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", Copied), ["$Private", "\\Answered", "\\Seen"]);
        await _h.SyncAsync();
        await _h.SyncAsync();

        Assert.Equal(["$Private", "\\Answered", "\\Seen"], LocalFlags());
        Assert.Equal(["\\Answered", "\\Seen"], RemoteFlags());
    }

    // Killed again once the copy is mapped, before its flags are merged: the pair records the source's
    // flags only, and the run after that still merges both lists (a change on each side meanwhile).
    [Fact]
    public async Task Killed_again_before_the_merge_the_next_run_still_merges()
    {
        await KilledCopyAsync();
        _h.Local["INBOX"].SetFlags(_h.Local.UidOf("INBOX", Copied), ["$Private", "\\Answered", "\\Seen"]);
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtStoreAfterResume()));
        Assert.Single(_h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id)), p => p.LocalFlags == "$Private \\Answered \\Seen" && p.RemoteFlags is null);

        _h.Remote["INBOX"].SetFlags(_h.Remote.UidOf("INBOX", Copied), ["\\Flagged", "\\Seen"]);
        await _h.SyncAsync();
        await _h.SyncAsync();

        Assert.Equal(["$Private", "\\Answered", "\\Flagged", "\\Seen"], LocalFlags());
        Assert.Equal(["\\Answered", "\\Flagged", "\\Seen"], RemoteFlags());
    }

    // A settled mailbox (not a first sync), then a new local message whose copy dies after its APPEND landed.
    private async Task KilledCopyAsync()
    {
        await _h.SyncAsync();
        await _h.SyncAsync();
        _h.Local.Deliver("INBOX", Copied, "$Private", "\\Seen");
        await Assert.ThrowsAsync<SimulatedKillException>(() => _h.RunAsync(e => e.SyncAsync(), null, new KillAtAppendReply()));
        Assert.Equal(["\\Seen"], RemoteFlags());
    }

    private string[] LocalFlags() => [.. _h.Local["INBOX"].Messages[_h.Local.UidOf("INBOX", Copied)].Flags];

    private string[] RemoteFlags() => [.. _h.Remote["INBOX"].Messages[_h.Remote.UidOf("INBOX", Copied)].Flags];

    /// <summary>Dies at the first STORE after the interrupted copy was looked for on the target.</summary>
    private sealed class KillAtStoreAfterResume : IOperationHook
    {
        private bool _lookedFor;

        public void Before(string operation)
        {
            _lookedFor |= operation == "UID FETCH FINGERPRINT";
            if (_lookedFor && operation == "UID STORE")
            {
                throw new SimulatedKillException("killed before the flags of a copy found again were merged");
            }
        }

        public void After(string operation)
        {
        }
    }
}
