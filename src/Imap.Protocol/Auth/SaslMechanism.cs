namespace Imap.Protocol.Auth;

/// <summary>
/// One SASL exchange as a small state machine: the client may speak first (initial response), then
/// answers each server challenge. Challenges and responses are raw bytes (base64 is the client's job).
/// </summary>
public abstract class SaslMechanism
{
    /// <summary>The SASL mechanism name as sent in AUTHENTICATE.</summary>
    public abstract string Name { get; }

    /// <summary>True when the mechanism speaks first (eligible for SASL-IR).</summary>
    public abstract bool ClientFirst { get; }

    /// <summary>True once the client has nothing more to say and, for SCRAM, the server has proven itself.</summary>
    public bool IsComplete { get; protected set; }

    /// <summary>The client's first message; only meaningful when <see cref="ClientFirst"/> is true.</summary>
    public virtual byte[] InitialResponse() => throw new InvalidOperationException($"{Name} does not speak first.");

    /// <summary>The answer to a server challenge.</summary>
    /// <exception cref="SaslException">The challenge is malformed or the server failed to authenticate itself.</exception>
    public abstract byte[] Respond(ReadOnlySpan<byte> challenge);
}
