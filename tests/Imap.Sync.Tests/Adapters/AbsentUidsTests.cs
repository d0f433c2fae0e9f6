using FsCheck.Xunit;
using Imap.Protocol.Model;
using Imap.Sync.Adapters;

namespace Imap.Sync.Tests.Adapters;

/// <summary>
/// What a server without VANISHED says is gone after our writes: every UID its search left out, as ranges,
/// down to UID 1 and up to 4294967295 (a mapped message above the highest present UID is gone too).
/// </summary>
public sealed class AbsentUidsTests
{
    [Fact]
    public void The_edges_of_the_uid_space_are_absent_unless_present()
    {
        Assert.Equal(UidSet.All, AbsentUids.Outside(UidSet.Empty));
        Assert.Equal(UidSet.Empty, AbsentUids.Outside(UidSet.All));
        Assert.Equal("3,6:4294967294", AbsentUids.Outside(UidSet.Parse("1:2,4:5,4294967295")).ToString());
    }

    [Property(MaxTest = 200)]
    public void A_uid_is_absent_exactly_when_it_is_not_present(uint[] present, uint[] probes)
    {
        var set = UidSet.FromUids((present ?? []).Where(u => u > 0).Select(u => new Uid(u)));
        var absent = AbsentUids.Outside(set);
        // Each present UID, its neighbours, the probes and both ends of the UID space.
        var asked = set.Ranges.SelectMany(r => new[] { r.First - 1, r.First, r.Last, r.Last + 1 })
            .Concat(probes ?? []).Append(1u).Append(uint.MaxValue).Where(u => u > 0);
        foreach (var uid in asked)
        {
            Assert.NotEqual(set.Contains(new Uid(uid)), absent.Contains(new Uid(uid)));
        }
    }
}
