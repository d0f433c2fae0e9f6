namespace Imap.Protocol.Model;

/// <summary>The shape of a body structure node.</summary>
public enum BodyStructureKind
{
    /// <summary>The server sent something that is not a valid body structure; the FETCH still succeeded.</summary>
    Invalid,

    /// <summary>A single, non-message part (text/plain, image/png…).</summary>
    Basic,

    /// <summary>A message/rfc822 (or message/global) part with its own envelope and body.</summary>
    Message,

    /// <summary>A multipart with child parts.</summary>
    Multipart,
}
