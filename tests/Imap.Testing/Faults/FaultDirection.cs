namespace Imap.Testing.Faults;

/// <summary>Which way bytes flow through a <see cref="FaultProxy"/>.</summary>
public enum FaultDirection
{
    /// <summary>From the client (our code) to the server.</summary>
    ClientToServer,

    /// <summary>From the server to the client.</summary>
    ServerToClient,
}
