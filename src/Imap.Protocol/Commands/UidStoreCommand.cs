using Imap.Protocol.Client;
using Imap.Protocol.Model;

namespace Imap.Protocol.Commands;

/// <summary>UID STORE of flags, optionally silent and with UNCHANGEDSINCE (CONDSTORE). It changes its messages' flags.</summary>
internal sealed class UidStoreCommand : TypedCommand
{
    /// <exception cref="ArgumentException">A flag could not be sent as one (see <see cref="ImapWire.IsFlag"/>).</exception>
    public UidStoreCommand(UidSet uids, StoreAction action, IReadOnlyCollection<string> flags, ModSeq? unchangedSince = null, bool silent = false)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ImapWire.CheckFlags(flags, nameof(flags));
        Uids = uids;
        Action = action;
        Flags = flags;
        UnchangedSince = unchangedSince;
        Silent = silent;
    }

    public UidSet Uids { get; }

    public StoreAction Action { get; }

    public IReadOnlyCollection<string> Flags { get; }

    public ModSeq? UnchangedSince { get; }

    public bool Silent { get; }

    public override string Name => "UID STORE";

    public override Pipelining Pipelining => Pipelining.OnMessages(Uids, changesFlags: true);

    protected override ReadOnlySpan<byte> Verb => "UID STORE "u8;

    protected override void WriteArguments(ImapCommandBuilder builder)
    {
        builder.Uids(Uids).Space();
        if (UnchangedSince is { } since)
        {
            builder.Raw("(UNCHANGEDSINCE "u8).Number(since.Value).Raw(") "u8);
        }
        builder.Raw(Action switch { StoreAction.Add => "+FLAGS"u8, StoreAction.Remove => "-FLAGS"u8, _ => "FLAGS"u8 });
        if (Silent)
        {
            builder.Raw(".SILENT"u8);
        }
        builder.Space().FlagList(Flags);
    }
}
