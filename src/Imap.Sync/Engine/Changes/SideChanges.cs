using Imap.Sync.Ports;

namespace Imap.Sync.Engine.Changes;

/// <summary>
/// One side's answer: the SELECT data, mapped UIDs that are gone, mapped UIDs whose flags the source
/// reports as changed (the engine still compares with the recorded flags to drop echoes of its own
/// STOREs), and, when the source listed every UID, the UIDs present. <see cref="ConfirmedVanished"/>
/// (repair only) says which gone UIDs the server reported as expunged; the others merely disappeared.
/// </summary>
internal sealed record SideChanges(
    ChangeSourceKind Kind,
    SelectedMailboxState Selected,
    IReadOnlySet<uint> Vanished,
    IReadOnlyDictionary<uint, MessageFlags> Changed,
    IReadOnlyList<uint>? Present)
{
    public IReadOnlySet<uint>? ConfirmedVanished { get; init; }

    /// <summary>
    /// A list holding every UID present from <paramref name="from"/> up (and possibly others, to be
    /// filtered): the full scan's, or the one the SELECT's flight listed; null when neither covers it.
    /// </summary>
    public IReadOnlyList<uint>? PresentFrom(uint from) =>
        Present ?? (Selected.ListedUids is { } listed && Selected.ListedFrom <= from ? listed : null);
}
