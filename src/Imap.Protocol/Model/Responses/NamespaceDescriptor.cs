namespace Imap.Protocol.Model;

/// <summary>One namespace: a prefix and its hierarchy delimiter.</summary>
/// <param name="Prefix">The prefix, e.g. <c>INBOX.</c> or empty.</param>
/// <param name="Delimiter">The delimiter, or null (NIL).</param>
public sealed record NamespaceDescriptor(string Prefix, char? Delimiter);
