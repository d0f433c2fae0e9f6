using Imap.Sync.Ports;

namespace Imap.Sync.Engine.Changes;

/// <summary>Picks, per side and mailbox, the best change source the server and the stored state allow.</summary>
internal static class ChangeSources
{
    private static readonly QResyncChangeSource QResync = new();
    private static readonly CondStoreChangeSource CondStore = new();
    private static readonly FullScanChangeSource FullScan = new();
    private static readonly RepairChangeSource Repair = new();

    public static IChangeSource For(ServerFeatures features, ChangeSourceKind? max, ChangeQuery query, bool repair)
    {
        if (repair)
        {
            return Repair;
        }

        var limit = max ?? ChangeSourceKind.QResync;
        var haveModSeq = query.HasBaseline && query.Stored!.Value.HighestModSeq > 0;
        if (limit >= ChangeSourceKind.QResync && features.QResync && haveModSeq)
        {
            return QResync;
        }

        if (limit >= ChangeSourceKind.CondStore && (features.CondStore || features.QResync) && haveModSeq)
        {
            return CondStore;
        }

        return FullScan;
    }
}
