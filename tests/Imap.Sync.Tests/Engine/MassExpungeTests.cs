using FsCheck;
using FsCheck.Xunit;
using Imap.Sync.Tests.Fakes;

namespace Imap.Sync.Tests.Engine;

/// <summary>
/// The mass-expunge safety valve: when a side suddenly lacks most mapped messages of a mailbox, nothing
/// is deleted on the other side, the mailbox stops with an error saying how to confirm, its state does
/// not advance (every run stops again), and a confirmed run then applies the expunges.
/// </summary>
public sealed class MassExpungeTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public static TheoryData<ChangeSourceKind> Sources => [ChangeSourceKind.QResync, ChangeSourceKind.CondStore, ChangeSourceKind.FullScan];

    public void Dispose() => _h.Dispose();

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_mass_expunge_stops_the_mailbox_until_confirmed_and_other_mailboxes_go_on(ChangeSourceKind source)
    {
        await SettleAsync(source, messages: 120);
        _h.Local.Deliver("Other", "other");
        foreach (var uid in _h.Remote["INBOX"].Messages.Keys.Skip(10).ToList())
        {
            _h.Remote["INBOX"].Expunge(uid);
        }

        for (var run = 0; run < 2; run++)
        {
            var summary = await _h.SyncAsync();
            var error = Assert.Single(summary.Errors);
            Assert.Equal(("INBOX", SyncSide.Local), (error.Mailbox, error.Side));
            Assert.StartsWith("110 of the 120 mapped messages of INBOX (91%) vanished from remote since the last run;", error.Message, StringComparison.Ordinal);
            Assert.Contains("--allow-mass-expunge", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, summary.Expunges);
            Assert.Equal(120, _h.Local["INBOX"].Messages.Count);
            Assert.Equal(120, MappingCount());
            Assert.Equal(["other []"], _h.Remote.Snapshot("Other"));
        }

        _h.Options = _h.Options with { MassExpungeLimit = null };
        var confirmed = await _h.SyncAsync();
        Assert.Empty(confirmed.Errors);
        Assert.Equal(110, confirmed.Expunges);
        Assert.Equal(10, _h.Local["INBOX"].Messages.Count);
        Assert.Equal(_h.Local.Snapshot("INBOX"), _h.Remote.Snapshot("INBOX"));
        Assert.Equal(10, MappingCount());
    }

    [Theory]
    [InlineData(120, 100)] // more than half, but not more than 100
    [InlineData(300, 101)] // more than 100, but not more than half
    public async Task Expunges_within_either_bound_go_through(int messages, int expunged)
    {
        await SettleAsync(ChangeSourceKind.QResync, messages);
        foreach (var uid in _h.Local["INBOX"].Messages.Keys.Take(expunged).ToList())
        {
            _h.Local["INBOX"].Expunge(uid);
        }

        var summary = await _h.SyncAsync();
        Assert.Empty(summary.Errors);
        Assert.Equal(expunged, summary.Expunges);
        Assert.Equal(messages - expunged, _h.Remote["INBOX"].Messages.Count);
    }

    /// <summary>
    /// Model: with <c>n</c> mapped messages of which <c>k</c> vanish from one side, the run expunges them
    /// on the other exactly when <c>k</c> ≤ the count bound or ≤ the fraction of <c>n</c>; otherwise
    /// nothing changes on the servers or in the mappings. A confirmed run always converges.
    /// </summary>
    [Property(MaxTest = 40)]
    public async Task Only_what_the_limit_allows_is_expunged_and_a_confirmed_run_converges(byte mappedPick, byte vanishedPick, byte boundPick, bool fromLocal)
    {
        using var h = new SyncHarness();
        var n = mappedPick % 30;
        var k = n == 0 ? 0 : vanishedPick % (n + 1);
        var limit = new MassExpungeLimit(boundPick % 12, (boundPick % 3 + 1) * 0.25);
        for (var i = 0; i < n; i++)
        {
            h.Local.Deliver("INBOX", $"m{i}");
        }


        h.Options = new SyncOptions { MassExpungeLimit = limit };
        await h.SyncAsync();
        var (gone, survivor) = fromLocal ? (h.Local, h.Remote) : (h.Remote, h.Local);
        foreach (var uid in gone["INBOX"].Messages.Keys.Take(k).ToList())
        {
            gone["INBOX"].Expunge(uid);
        }

        var blocked = k > limit.Messages && k > n * limit.Fraction;
        var summary = await h.SyncAsync();
        Assert.Equal(blocked, summary.Errors.Count == 1);
        Assert.Equal(blocked ? n : n - k, survivor["INBOX"].Messages.Count);
        Assert.Equal(blocked ? 0 : k, summary.Expunges);

        h.Options = h.Options with { MassExpungeLimit = null };
        var confirmed = await h.SyncAsync();
        Assert.Empty(confirmed.Errors);
        Assert.Equal(n - k, survivor["INBOX"].Messages.Count);
        Assert.Equal(h.Local.Snapshot("INBOX"), h.Remote.Snapshot("INBOX"));
    }

    private int MappingCount() => _h.WithState(s => s.GetMappings(s.FindMailbox("INBOX")!.Id).Count);

    private async Task SettleAsync(ChangeSourceKind source, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            _h.Local.Deliver("INBOX", $"m{i}");
        }

        _h.Options = new SyncOptions { MaxChangeSource = source };
        await _h.SyncAsync();
        Assert.Equal(messages, _h.Remote["INBOX"].Messages.Count);
        Assert.Equal(messages, MappingCount());
    }
}
