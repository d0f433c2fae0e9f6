using Imap.Sync.Adapters;
using Imap.Sync.Ports;
using Imap.Testing.Dovecot;

namespace Imap.Sync.Tests.Dovecot;

/// <summary>
/// Hosted providers we cannot run here, stood in for by a Dovecot that advertises exactly their
/// capability list: the engine picks the change tier from the list, and a sync with changes on both
/// sides converges on it.
/// </summary>
public sealed class ProviderCapabilityTests
{
    private const string User = TwoDovecots.User;

    private static readonly ServerFeatures Everything = new()
    {
        QResync = true, CondStore = true, ListExtended = true, ListStatus = true, MultiAppend = true, UidPlus = true, Move = true, ObjectId = true, GmailExtensions = true,
    };

    public static TheoryData<string, bool, bool, bool> Providers => new()
    {
        // provider, QRESYNC used, CONDSTORE used, MULTIAPPEND used. iCloud's real ENABLE reply (no
        // * ENABLED) turns QRESYNC off: LyingQResyncAndModSeqTests; Dovecot does enable it.
        { nameof(ProviderCapabilities.Gmail), false, true, false },
        { nameof(ProviderCapabilities.Microsoft365), false, false, false },
        { nameof(ProviderCapabilities.Yahoo), false, false, false },
        { nameof(ProviderCapabilities.ICloud), true, true, false },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_tier_follows_the_advertised_list_and_a_two_way_sync_converges(string provider, bool qresync, bool condStore, bool multiAppend)
    {
        var advertised = provider switch
        {
            nameof(ProviderCapabilities.Gmail) => ProviderCapabilities.Gmail,
            nameof(ProviderCapabilities.Microsoft365) => ProviderCapabilities.Microsoft365,
            nameof(ProviderCapabilities.Yahoo) => ProviderCapabilities.Yahoo,
            _ => ProviderCapabilities.ICloud,
        };
        await using var local = await DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false });
        await using var remote = await DovecotServer.StartAsync(new DovecotOptions { HierarchySeparator = '/', Tls = false, AdvertisedCapabilities = advertised });
        using var work = new TempDirectory();
        var db = work.File("provider.db");
        await local.AppendAsync(User, "INBOX", [DovecotSyncTests.Seed("l1", "\\Seen"), DovecotSyncTests.Seed("l2")]);
        await remote.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("r1", "$Label1"));

        await using (var probe = await DovecotSync.OpenAsync(remote))
        {
            Assert.Equal((qresync, condStore, multiAppend), (probe.Features.QResync, probe.Features.CondStore, probe.Features.MultiAppend));
            Assert.Equal(provider == nameof(ProviderCapabilities.Gmail), probe.Features.GmailExtensions);
        }

        // Dovecot only advertises X-GM-EXT-1: its X-GM-MSGID (used where Gmail has it) is masked off.
        var adapter = new ImapMailServerOptions { FeatureMask = Everything with { GmailExtensions = false } };
        await CyrusSync.RunAsync(local, remote, db, remoteOptions: adapter);
        var onRemote = (await remote.FetchMessagesAsync(User, "INBOX")).ToDictionary(m => m.MessageId!);
        await remote.AddFlagsAsync(User, "INBOX", [onRemote["<l2@x>"].Uid], ["\\Flagged"]);
        await remote.ExpungeAsync(User, "INBOX", [onRemote["<l1@x>"].Uid]);
        await local.AppendAsync(User, "INBOX", DovecotSyncTests.Seed("l3"));
        var second = await CyrusSync.RunAsync(local, remote, db, remoteOptions: adapter);

        Assert.Empty(second.Errors);
        var expected = new[] { "INBOX: <l2@x> [\\Flagged]", "INBOX: <l3@x> []", "INBOX: <r1@x> [$Label1]" };
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(local, ""));
        Assert.Equal(expected, await CyrusSync.ReadBackAsync(remote, ""));
    }
}
