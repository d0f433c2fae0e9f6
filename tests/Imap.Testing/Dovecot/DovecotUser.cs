namespace Imap.Testing.Dovecot;

/// <summary>A mail account of a fixture server (stored in a passwd-file with the PLAIN scheme).</summary>
/// <param name="Name">Login name; letters, digits, '.', '-', '_' only.</param>
/// <param name="Password">Password; any characters but ':' and line breaks.</param>
public sealed record DovecotUser(string Name, string Password);
