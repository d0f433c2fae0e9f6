namespace Imap.Sync.Engine;

/// <summary>One round of flag propagation: STOREs grouped by target flag list, and each pair's outcome.</summary>
internal sealed class FlagPlan
{
    private readonly Dictionary<string, List<uint>> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<uint>> _remote = new(StringComparer.Ordinal);

    /// <summary>Flags each pair (by local UID) ends up with on each side if the STOREs succeed.</summary>
    public Dictionary<uint, (string Local, string Remote)> Outcomes { get; } = [];

    public void Add(SyncSide side, string flags, uint uid)
    {
        var groups = side == SyncSide.Local ? _local : _remote;
        if (!groups.TryGetValue(flags, out var uids))
        {
            groups[flags] = uids = [];
        }

        uids.Add(uid);
    }

    public IReadOnlyDictionary<string, List<uint>> Stores(SyncSide side) => side == SyncSide.Local ? _local : _remote;
}
