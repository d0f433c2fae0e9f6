using Imap.Protocol.Model;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    private void StartReadLoop() => _readLoop = Task.Run(ReadLoopAsync);

    private async Task ReadLoopAsync()
    {
#pragma warning disable CA1031 // Whatever breaks the read loop must fail the commands in flight, not vanish.
        try
        {
            while (true)
            {
                var response = await _source.ReadAsync(_lifetime.Token).ConfigureAwait(false);
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
#pragma warning restore CA1031
    }

    /// <summary>Routes one response; true means "stop reading" (a transport upgrade follows).</summary>
    private bool Dispatch(ImapResponse response)
    {
        switch (response)
        {
            case StatusResponse { Tag: { } tag } tagged:
                return CompleteTagged(tag, tagged);
            case ContinuationResponse continuation:
                PendingCommand? owner;
                lock (_sync)
                {
                    owner = _continuationOwner;
                }
                if (owner is null)
                {
                    throw new ImapProtocolException("Unexpected continuation request: no command is waiting for one.");
                }
                owner.Continue(continuation);
                return false;
            default:
                HandleUntagged(response);
                return false;
        }
    }

    private bool CompleteTagged(string tag, StatusResponse response)
    {
        PendingCommand? pending;
        lock (_sync)
        {
            if (_byTag.Remove(tag, out pending))
            {
                _inFlight.Remove(pending);
            }
        }
        if (pending is null)
        {
            throw new ImapProtocolException($"Tagged reply with unknown tag {tag}.");
        }
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
            EndSelectionChange(pending, response.Status == ImapStatus.Ok);
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
                if (status.Status == ImapStatus.PreAuth && _awaitingLateGreeting)
                {
                    _lateGreeting = status; // checked and accepted by StartAsync
                }
                else if (status.Code is { Kind: ResponseCodeKind.Alert })
                {
                    if (_awaitingLateGreeting)
                    {
                        _greetingAlerts.Add(status.Text);
                    }
                    Alert?.Invoke(this, status.Text);
                }
                break;
            case CapabilityResponse capability:
                Capabilities = capability.Capabilities;
                break;
            case FetchResponse fetch:
                _router.Resolve(fetch);
                break;
        }
        SelectedMailbox? selected;
        lock (_sync)
        {
            var claimants = _claimants;
            claimants.Clear();
            if (response is StatusResponse { Code.Kind: ResponseCodeKind.Closed })
            {
                SelectionClosed();
            }
            selected = CollectClaimants(claimants, out var current);
            selected?.Apply(response);
            try
            {
                if (response is FetchResponse fetch && OfferFetch(fetch, claimants, current))
                {
                    return;
                }
                foreach (var pending in claimants)
                {
                    if (pending.Claim?.Invoke(response) == true)
                    {
                        return;
                    }
                }
            }
            finally
            {
                claimants.Clear();
            }
        }
        if (response is FetchResponse unsolicited)
        {
            // Kept for its flags; a body nobody asked for is not kept with it.
            unsolicited.Bodies = [];
            selected?.AddUnsolicitedFetch(unsolicited);
        }
        UntaggedResponse?.Invoke(this, response);
    }
}
