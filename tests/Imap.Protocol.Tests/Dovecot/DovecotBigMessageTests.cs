using Imap.Protocol.Client;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;
using Imap.Testing.Dovecot;
using static Imap.Protocol.Tests.Dovecot.DovecotClients;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>Tests that measure the managed heap run alone, so other tests' garbage does not count.</summary>
[CollectionDefinition(nameof(MemoryMeasurementGroup), DisableParallelization = true)]
public sealed class MemoryMeasurementGroup;

[Collection(nameof(MemoryMeasurementGroup))]
public class DovecotBigMessageTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task Fifty_megabytes_round_trip_byte_identical_with_bounded_memory()
    {
        const long Size = 50L * 1024 * 1024;
        var mailbox = "big-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await LoginAsync(Server);
        await client.CreateAsync(new MailboxName(mailbox));
        var peak = new PeakMemory();
        peak.SetBaseline();
        var source = new GeneratedMessageStream(Size, peak);
        var append = await client.AppendAsync(new MailboxName(mailbox), new AppendMessage { Content = ImapLiteral.FromStream(source, Size) });
        var uid = Assert.Single(append.Uids);
        await client.SelectAsync(new MailboxName(mailbox), new SelectOptions { ReadOnly = true });
        var sink = new HashingSinkProvider(peak);
        var fetched = await client.FetchListAsync(UidSet.FromUid(uid), new FetchRequest { Size = true, BodyItems = ["BODY.PEEK[]"], BodySinks = sink });
        Assert.Equal(Size, Assert.Single(fetched).Rfc822Size);
        Assert.Equal(Size, sink.Length);
        Assert.Equal(Convert.ToHexString(source.Hash()), Convert.ToHexString(sink.Hash()));
        Assert.True(peak.Growth < 32L * 1024 * 1024, $"managed heap grew by {peak.Growth / 1024 / 1024} MB");
        await client.DeleteAsync(new MailboxName(mailbox)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

}
