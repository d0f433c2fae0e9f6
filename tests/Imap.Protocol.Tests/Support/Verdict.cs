namespace Imap.Protocol.Tests.Support;

/// <summary>The verdicts of imap-vectors.md.</summary>
internal enum Verdict
{
    /// <summary>Parses in strict and tolerant mode.</summary>
    Valid,

    /// <summary>Parses only with the named quirk; strict mode reports a protocol error.</summary>
    Tolerate,

    /// <summary>A protocol error in every mode.</summary>
    Reject,
}
