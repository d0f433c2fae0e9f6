using System.Globalization;
using System.Text;
using Imap.Sync.Engine;
using Imap.Sync.State;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// Resuming an interrupted copy pairs an intent with a message already on the target. Without a
/// Message-ID a wrong pairing could later expunge the wrong message, so it must rather stay unmatched.
/// </summary>
public sealed class CopyIntentResolverTests
{
    private static readonly DateTimeOffset Date = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly FakeServer _server = new();

    public CopyIntentResolverTests() => _server.Create("INBOX");

    [Fact]
    public async Task Without_message_id_size_and_date_to_the_second_pair_a_single_look_alike()
    {
        var uid = Add("no id, body A", Date.AddMilliseconds(300));
        var (found, missing) = await MatchAsync(Intent("no id, body A".Length, Date));
        Assert.Equal([new CompletedCopy(1, uid, null, null)], found);
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Without_message_id_the_same_size_at_another_second_is_not_paired()
    {
        Add("no id, body B", Date.AddSeconds(1));
        var (found, missing) = await MatchAsync(Intent("no id, body B".Length, Date));
        Assert.Empty(found);
        Assert.Single(missing);
    }

    [Fact]
    public async Task Without_a_recorded_date_size_alone_never_pairs()
    {
        Add("no id, body C", Date);
        var (found, missing) = await MatchAsync(Intent("no id, body C".Length, null));
        Assert.Empty(found);
        Assert.Single(missing);
    }

    [Fact]
    public async Task Without_message_id_more_look_alikes_than_intents_are_ambiguous_and_none_is_paired()
    {
        Add("no id, body D", Date);
        Add("no id, body E", Date);
        var (found, missing) = await MatchAsync(Intent(1, "no id, body D".Length, Date));
        Assert.Empty(found);
        Assert.Single(missing);
    }

    [Fact]
    public async Task Without_message_id_as_many_look_alikes_as_intents_pair_in_append_order()
    {
        var first = Add("no id, body F", Date);
        var second = Add("no id, body G", Date);
        var size = "no id, body F".Length;
        var (found, missing) = await MatchAsync(Intent(9, size, Date), Intent(4, size, Date));
        Assert.Equal([new CompletedCopy(4, first, null, null), new CompletedCopy(9, second, null, null)], found);
        Assert.Empty(missing);
    }

    [Fact]
    public async Task An_intent_without_message_id_does_not_pair_a_message_that_has_one()
    {
        var text = "Message-ID: <x@y>\r\n\r\nz";
        Add(text, Date);
        var (found, _) = await MatchAsync(Intent(text.Length, Date));
        Assert.Empty(found);
    }

    [Fact]
    public async Task With_message_id_the_id_and_size_pair_even_without_a_date()
    {
        var text = "Message-ID: <x@y>\r\n\r\nz";
        var uid = Add(text, Date);
        var (found, missing) = await MatchAsync(new CopyIntent(SyncSide.Local, 1, text.Length, null, "<x@y>"));
        Assert.Equal([new CompletedCopy(1, uid, null, null)], found);
        Assert.Empty(missing);
    }

    private static CopyIntent Intent(long size, DateTimeOffset? date) => Intent(1, size, date);

    private static CopyIntent Intent(uint sourceUid, long size, DateTimeOffset? date) =>
        new(SyncSide.Local, sourceUid, size, date?.ToString("o", CultureInfo.InvariantCulture), null);

    private uint Add(string text, DateTimeOffset date) => _server["INBOX"].Add(Encoding.ASCII.GetBytes(text), [], date).Uid;

    private async Task<(IReadOnlyList<CompletedCopy> Found, IReadOnlyList<CopyIntent> Missing)> MatchAsync(params CopyIntent[] intents)
    {
        var target = new FakeMailServer(_server, FakeMailServer.AllFeatures);
        await target.SelectAsync("INBOX", null, CancellationToken.None);
        var candidates = _server["INBOX"].Messages.Keys.ToList();
        return await CopyIntentResolver.MatchAsync(target, intents, candidates, CancellationToken.None);
    }
}
