using Imap.Sync.Engine;
using Imap.Sync.State;

namespace Imap.Sync.Tests.Convergence;

/// <summary>A message as read back from one server: its UID, what identifies it on both sides, its flags.</summary>
internal sealed record SeenMessage(uint Uid, string Identity, IReadOnlyList<string> Flags);

/// <summary>
/// The check after every writing run: both servers hold the same messages with the same flags, and the
/// database maps every message to its counterpart and records exactly the flags each side holds. A
/// silent divergence (exit 0, servers or database disagreeing) fails here, whatever the test asserted.
/// </summary>
internal static class ConvergenceCheck
{
    /// <param name="mailbox">The name used in failure messages.</param>
    /// <param name="localStores">Whether the local mailbox can store a flag (PERMANENTFLAGS); what one side cannot store is compared on neither.</param>
    /// <param name="remoteStores">The same for the remote mailbox.</param>
    public static void Mailbox(
        string mailbox,
        IReadOnlyList<SeenMessage> local,
        IReadOnlyList<SeenMessage> remote,
        IReadOnlyList<MappedPair> mappings,
        Func<string, bool>? localStores = null,
        Func<string, bool>? remoteStores = null)
    {
        localStores ??= _ => true;
        remoteStores ??= _ => true;
        var localLines = Lines(local, flag => remoteStores(flag) && localStores(flag));
        var remoteLines = Lines(remote, flag => remoteStores(flag) && localStores(flag));
        Assert.True(localLines.SequenceEqual(remoteLines), $"{mailbox}: the servers differ.\nlocal:  {string.Join(" | ", localLines)}\nremote: {string.Join(" | ", remoteLines)}");

        var localByUid = local.ToDictionary(m => m.Uid);
        var remoteByUid = remote.ToDictionary(m => m.Uid);
        Assert.True(mappings.Count == local.Count, $"{mailbox}: {mappings.Count} mapping(s) for {local.Count} message(s) on each side");
        foreach (var pair in mappings)
        {
            Assert.True(localByUid.TryGetValue(pair.LocalUid, out var l), $"{mailbox}: mapped local UID {pair.LocalUid} is not on the server");
            Assert.True(remoteByUid.TryGetValue(pair.RemoteUid, out var r), $"{mailbox}: mapped remote UID {pair.RemoteUid} is not on the server");
            Assert.True(l.Identity == r.Identity, $"{mailbox}: local UID {pair.LocalUid} ({l.Identity}) is mapped to remote UID {pair.RemoteUid} ({r.Identity})");
            Assert.True(FlagList.Join(l.Flags) == pair.LocalFlags, $"{mailbox}: local UID {pair.LocalUid} holds ({FlagList.Join(l.Flags)}), the database records ({pair.LocalFlags})");
            Assert.True(FlagList.Join(r.Flags) == pair.RemoteFlags, $"{mailbox}: remote UID {pair.RemoteUid} holds ({FlagList.Join(r.Flags)}), the database records ({pair.RemoteFlags})");
        }
    }

    private static List<string> Lines(IReadOnlyList<SeenMessage> messages, Func<string, bool> compared) =>
        [.. messages.Select(m => $"{m.Identity} [{FlagList.Join(m.Flags.Where(compared))}]").Order(StringComparer.Ordinal)];
}
