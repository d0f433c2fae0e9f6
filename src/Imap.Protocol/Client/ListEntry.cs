using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

/// <summary>One mailbox from LIST, with its STATUS when LIST-STATUS was asked for.</summary>
/// <param name="Mailbox">The LIST data.</param>
/// <param name="Status">The STATUS data, or null.</param>
public sealed record ListEntry(ListResponse Mailbox, MailboxStatusResponse? Status);
