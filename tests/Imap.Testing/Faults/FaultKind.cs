namespace Imap.Testing.Faults;

/// <summary>What a <see cref="Fault"/> does once its byte offset is reached.</summary>
public enum FaultKind
{
    /// <summary>Close both sides of the connection (FIN, or RST when <see cref="Fault.Reset"/>).</summary>
    Cut,

    /// <summary>Hold the rest of this direction back for <see cref="Fault.Duration"/> (null: until the proxy stops).</summary>
    Stall,

    /// <summary>Forward the rest of this direction <see cref="Fault.ChunkSize"/> bytes every <see cref="Fault.Duration"/>.</summary>
    Drip,

    /// <summary>Insert <see cref="Fault.Payload"/> into the stream, then carry on (or close, with <see cref="Fault.CutAfterInjecting"/>).</summary>
    Inject,

    /// <summary>Pass every later line (literal data excepted) through <see cref="Fault.RewriteLine"/>: a server that says something else.</summary>
    Rewrite,
}
