using Imap.Protocol.Model;
using Imap.Protocol.Tests.Support;

namespace Imap.Protocol.Tests.Parsing;

/// <summary>Known answers for SEARCH and ESEARCH (vectors C).</summary>
public class SearchResponseTests
{
    [Fact]
    public async Task Search_with_modseq()
    {
        var search = await Responses.OneAsync<SearchResponse>("* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)");
        Assert.Equal([2u, 5, 6, 7, 11, 12, 18, 19, 20, 23], search.Numbers);
        Assert.Equal(new ModSeq(917162500), search.ModSeq);
    }

    [Fact]
    public async Task Empty_search()
    {
        var search = await Responses.OneAsync<SearchResponse>("* SEARCH");
        Assert.Empty(search.Numbers);
        Assert.Null(search.ModSeq);
    }

    [Fact]
    public async Task Esearch_with_tag_all_and_modseq()
    {
        var esearch = await Responses.OneAsync<ESearchResponse>("* ESEARCH (TAG \"a\") ALL 1:3,5 MODSEQ 1236");
        Assert.Equal("a", esearch.Tag);
        Assert.Equal("1:3,5", esearch.All!.ToString());
        Assert.Equal(new ModSeq(1236), esearch.ModSeq);
        Assert.False(esearch.IsUid);
    }

    [Fact]
    public async Task Esort_order_is_kept()
    {
        var esearch = await Responses.OneAsync<ESearchResponse>("* ESEARCH (TAG \"a\") ALL 5,3,2,1 MODSEQ 1236");
        Assert.Equal([5u, 3, 2, 1], esearch.AllInServerOrder!.Select(r => r.First));
        Assert.Equal("1:3,5", esearch.All!.ToString());
    }

    [Fact]
    public async Task Esearch_uid_min_max_count()
    {
        var esearch = await Responses.OneAsync<ESearchResponse>("* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800 COUNT 15 X-EXT (1 2)");
        Assert.True(esearch.IsUid);
        Assert.Equal((7u, 3800u, 15u), (esearch.Min!.Value, esearch.Max!.Value, esearch.Count!.Value));
        Assert.Null(esearch.All);
    }
}
