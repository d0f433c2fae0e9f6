using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Model;

public class UidSetTests
{
    [Theory]
    [InlineData("1:5,7,9:12", "1:5,7,9:12", 10)]
    [InlineData("540:214", "214:540", 327)]
    [InlineData("5,3,2,1", "1:3,5", 4)]
    [InlineData("1,2,3,2:4", "1:4", 4)]
    [InlineData("4294967295", "4294967295", 1)]
    public void Parse_normalizes(string text, string normalized, long count)
    {
        var set = UidSet.Parse(text);
        Assert.Equal(normalized, set.ToString());
        Assert.Equal(count, set.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("*")]
    [InlineData("5:*")]
    [InlineData("*:1")]
    [InlineData("1:*,7")]
    [InlineData("1,,2")]
    [InlineData("1:")]
    [InlineData("4294967296")]
    [InlineData(" 1")]
    [InlineData("١")]
    public void Invalid_sets_are_refused(string text) => Assert.False(UidSet.TryParse(text, out _));

    [Fact]
    public void Contains_and_bounds()
    {
        var set = UidSet.Parse("3:5,10");
        Assert.True(set.Contains(new Uid(4)));
        Assert.True(set.Contains(new Uid(10)));
        Assert.False(set.Contains(new Uid(6)));
        Assert.Equal((new Uid(3), new Uid(10)), (set.Min!.Value, set.Max!.Value));
        Assert.Equal([3u, 4, 5, 10], set.Select(u => u.Value));
    }

    [Fact]
    public void Split_respects_the_length()
    {
        var set = UidSet.FromUids(Enumerable.Range(1, 2000).Where(i => i % 3 != 0).Select(i => new Uid((uint)i)));
        var parts = set.Split(100).ToList();
        Assert.All(parts, p => Assert.InRange(p.ToString().Length, 1, 100));
        Assert.Equal(set, parts.Aggregate(UidSet.Empty, (a, b) => a.Union(b)));
    }

    [Fact]
    public void All_is_every_uid_and_written_as_one_to_star()
    {
        // Assert.True(Equals), not Assert.Equal: xunit would compare the sets by enumerating 2^32-1 UIDs.
        Assert.Equal("1:*", UidSet.All.ToString());
        Assert.Equal([new UidRange(1, uint.MaxValue)], UidSet.All.Ranges);
        Assert.True(UidSet.All.Equals(UidSet.Parse("1:*")));
        Assert.True(UidSet.TryParse("1:*"u8, out var fromBytes));
        Assert.Same(UidSet.All, fromBytes);
        Assert.Equal(4294967295L, UidSet.All.Count);
        Assert.True(UidSet.All.Contains(new Uid(1)) && UidSet.All.Contains(new Uid(uint.MaxValue)));
        Assert.Equal("1:*", UidSet.FromRanges([new UidRange(1, uint.MaxValue)]).ToString());
        Assert.Equal("1:*", UidSet.Parse("1:4294967295").ToString());
        Assert.Equal(["1:*"], UidSet.All.Split(21).Select(part => part.ToString()));
    }

    [Theory]
    [InlineData("2:4294967295")]
    [InlineData("1:4294967294")]
    [InlineData("1,3:4294967295")]
    public void Sets_that_only_look_like_all_keep_their_numbers(string text) =>
        Assert.Equal(text, UidSet.Parse(text).ToString());
}
