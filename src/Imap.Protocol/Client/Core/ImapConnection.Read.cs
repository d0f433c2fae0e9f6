using Imap.Protocol.Model;
using Imap.Protocol.Parsing;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

internal sealed partial class ImapConnection
{
    private async Task ReadLoopAsync()
    {
#pragma warning disable CA1031 // Whatever breaks the read loop must fail the commands in flight, not vanish.
        IReplyBurstObserver? burst = null; // the observer told of the burst being handed out, if any
        try
        {
            while (true)
            {
                var reading = _source.ReadAsync(_lifetime.Token);
                if (burst is not null && !reading.IsCompleted)
                {
                    burst.BurstEnded();
                    burst = null;
                }

                var response = await reading.ConfigureAwait(false);
                if (burst is null && ReplyBursts is { } observer)
                {
                    burst = observer;
                    burst.BurstStarted();
                }

                if (response is null)
                {
                    Fault(new ImapConnectionException(_byeText is null
                        ? $"Connection to {Host} closed by the server"
                        : $"Connection to {Host} closed by the server (BYE {_byeText})"));
                    return;
                }
                if (Dispatch(response))
                {
                    return;
                }
            }
        }
        catch (ImapProtocolException ex)
        {
            Fault(new ImapConnectionException($"Protocol error from {Host}: {ex.Message}", ex));
        }
        catch (OperationCanceledException ex)
        {
            Fault(new ImapConnectionException($"Connection to {Host} closed", ex));
        }
        catch (Exception ex)
        {
            Fault(new ImapConnectionException($"Connection to {Host} lost while reading: {ex.Message}", ex));
        }
        finally
        {
            burst?.BurstEnded();
        }
#pragma warning restore CA1031
    }

    /// <summary>Routes one response; true means "stop reading" (a transport upgrade follows).</summary>
    private bool Dispatch(ImapResponse response)
    {
        switch (response)
        {
            case StatusResponse { Tag: { } tag } tagged:
                return CompleteTagged(tag, tagged);
            case FlagSummaryResponse summary:
                if (!_commands.RouteFlags(summary.Flags))
                {
                    HandleUntagged(summary.ToResponse());
                }
                return false;
            case ContinuationResponse continuation:
                var owner = _commands.ContinuationOwner
                    ?? throw new ImapProtocolException("Unexpected continuation request: no command is waiting for one.");
                owner.Continue(continuation);
                return false;
            default:
                HandleUntagged(response);
                return false;
        }
    }

    private bool CompleteTagged(string tag, StatusResponse response)
    {
        var pending = _commands.Complete(tag) ?? throw new ImapProtocolException($"Tagged reply with unknown tag {tag}.");
        if (response.Code is { Kind: ResponseCodeKind.Capability, Capabilities: { } capabilities })
        {
            Capabilities = capabilities;
        }
        if (response.Code is { } code)
        {
            pending.Epoch.Mailbox?.ApplyCode(code);
        }
        if (pending.ChangesSelection)
        {
            var selected = _commands.EndSelectionChange(pending, response.Status == ImapStatus.Ok);
            if (State != ImapConnectionState.Closed)
            {
                State = selected is null ? ImapConnectionState.Authenticated : ImapConnectionState.Selected;
            }
        }
        // Free the slot first: the next queued command is written from here, keeping the pipe full.
        _gate.Exit(pending.Slots, resumeInline: true);
        pending.Complete(response);
        return pending.StopsReading && response.Status == ImapStatus.Ok;
    }

    private void HandleUntagged(ImapResponse response)
    {
        switch (response)
        {
            case StatusResponse status:
                if (status.Status == ImapStatus.Bye)
                {
                    _byeText = status.Text;
                }
                if (status.Code is { Kind: ResponseCodeKind.Capability, Capabilities: { } codeCapabilities })
                {
                    Capabilities = codeCapabilities;
                }
                _untaggedStatus(status);
                break;
            case CapabilityResponse capability:
                Capabilities = capability.Capabilities;
                break;
            case FetchResponse fetch:
                _router.Resolve(fetch);
                break;
        }
        if (_commands.Route(response, out var selected))
        {
            return;
        }
        if (response is FetchResponse unsolicited)
        {
            // Kept for its flags; a body nobody asked for is not kept with it.
            unsolicited.Bodies = [];
            selected?.AddUnsolicitedFetch(unsolicited);
        }
        _unclaimed(response);
    }
}
