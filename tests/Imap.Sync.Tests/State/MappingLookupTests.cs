using Imap.Sync.State;

namespace Imap.Sync.Tests.State;

// The by-UID lookups an incremental pass uses instead of reading every pair of the mailbox.
public sealed class MappingLookupTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SyncStateStore _store;
    private readonly long _box;
    private readonly long _other;

    public MappingLookupTests()
    {
        _store = SyncStateStore.Open(_dir.File("lookup.db"));
        _box = _store.AddMailbox("INBOX", true).Id;
        _other = _store.AddMailbox("Other", true).Id;
        // Local UIDs 10, 20, ... 100 paired with remote UIDs 1..10; flags recorded for all but local 30.
        _store.CompleteCopies(_box, SyncSide.Local, [.. Enumerable.Range(1, 10).Select(i => new CompletedCopy((uint)(10 * i), (uint)i, $"l{i}", $"r{i}"))]);
        _store.CompleteCopies(_box, SyncSide.Local, [new CompletedCopy(30, 3, null, null)]);
        _store.CompleteCopies(_other, SyncSide.Local, [new CompletedCopy(20, 5, "x", "y"), new CompletedCopy(uint.MaxValue, 4_000_000_000, "", "")]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Pairs_by_local_or_remote_uid_come_once_each_in_local_order_with_their_flags()
    {
        var pairs = _store.GetMappings(_box, [70, 20, 999], [2, 9, 3]);
        Assert.Equal(
            [new MappedPair(20, 2, "l2", "r2"), new MappedPair(30, 3, null, null), new MappedPair(70, 7, "l7", "r7"), new MappedPair(90, 9, "l9", "r9")],
            pairs);
        Assert.Empty(_store.GetMappings(_box, [], []));
        Assert.Equal([new MappedPair(20, 5, "x", "y")], _store.GetMappings(_other, [20], []));
    }

    [Fact]
    public void Mapped_uids_within_ranges_are_those_of_the_side_and_mailbox_asked_about()
    {
        Assert.Equal([20u, 30, 40, 90, 100], _store.GetMappedUids(_box, SyncSide.Local, [(15, 45), (85, 1000), (35, 40)]));
        Assert.Equal([2u, 3], _store.GetMappedUids(_box, SyncSide.Remote, [(3, 2)]));
        Assert.Empty(_store.GetMappedUids(_box, SyncSide.Remote, [(11, 19)]));
        Assert.Empty(_store.GetMappedUids(_box, SyncSide.Local, []));

        // The whole UID space, bounds included: only mapped UIDs are visited.
        Assert.Equal([20u, uint.MaxValue], _store.GetMappedUids(_other, SyncSide.Local, [(1, uint.MaxValue)]));
        Assert.Equal([4_000_000_000u], _store.GetMappedUids(_other, SyncSide.Remote, [(4_000_000_000, 4_000_000_000)]));
    }

    [Fact]
    public void Highest_uid_and_count_are_per_mailbox_and_side()
    {
        Assert.Equal(100u, _store.GetHighestMappedUid(_box, SyncSide.Local));
        Assert.Equal(10u, _store.GetHighestMappedUid(_box, SyncSide.Remote));
        Assert.Equal(uint.MaxValue, _store.GetHighestMappedUid(_other, SyncSide.Local));
        Assert.Equal(10, _store.CountMappings(_box));

        _store.RemoveMappings(_box, [.. Enumerable.Range(1, 10).Select(i => (uint)(10 * i))]);
        Assert.Equal(0u, _store.GetHighestMappedUid(_box, SyncSide.Local));
        Assert.Equal(0, _store.CountMappings(_box));
        Assert.Equal(2, _store.CountMappings(_other));
    }
}
