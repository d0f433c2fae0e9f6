using Imap.Sync.Engine.Changes;

namespace Imap.Sync.Engine;

/// <summary>What both sides of one mailbox reported changed since the last sync, before anything is written.</summary>
internal sealed record MailboxChanges(MailboxPlan Plan, SideChanges Local, SideChanges Remote);
