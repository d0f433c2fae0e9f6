using Imap.Sync.Ports;

namespace Imap.Sync.Engine;

/// <summary>Runs one mailbox's sync; a failure of that mailbox alone becomes an error in the summary.</summary>
internal static class MailboxRunner
{
    public static async Task SyncAsync(SyncContext context, MailboxPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await new MailboxSynchronizer(context, plan).SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.Mailbox is not null)
        {
            context.Reporter.Error(ex);
        }
        catch (MailServerCommandException ex)
        {
            // Refused by a server (mailbox gone, too big, no permission): this mailbox's state is
            // not advanced, so the next run tries again; the others go on.
            Skipped(context, plan, ex.Message);
        }
        catch (MailboxReplacedException ex)
        {
            Skipped(context, plan, ex.Message);
        }
        catch (MailboxStoppedException)
        {
            context.Reporter.Interrupted(context.LocalNaming.Display(plan.Row.Name));
        }
    }

    private static void Skipped(SyncContext context, MailboxPlan plan, string why)
    {
        var display = context.LocalNaming.Display(plan.Row.Name);
        context.Reporter.Error(new SyncException($"{display}: {why} (skipped; nothing was recorded for it)", null, display));
    }
}
