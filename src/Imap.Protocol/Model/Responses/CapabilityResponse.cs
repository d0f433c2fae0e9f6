namespace Imap.Protocol.Model;

/// <summary>Untagged <c>CAPABILITY</c>.</summary>
/// <param name="capabilities">The announced capabilities.</param>
public sealed class CapabilityResponse(ImapCapabilities capabilities) : ImapResponse
{
    /// <summary>The announced capabilities; they replace any earlier list.</summary>
    public ImapCapabilities Capabilities { get; } = capabilities;
}
