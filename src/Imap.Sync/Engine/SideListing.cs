using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>One side's LIST result keyed by neutral name, and the naming it implies.</summary>
internal sealed record SideListing(SideNaming Naming, IReadOnlyDictionary<string, ListedMailbox> Mailboxes);
