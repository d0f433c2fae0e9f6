namespace ImapSync.Cli.Configuration;

/// <summary>
/// Where a secret comes from: a literal value from the file, or a command whose standard output
/// (without the trailing newline) is the secret. Commands run only when the secret is needed.
/// </summary>
internal sealed class SecretSource
{
    private SecretSource(string? literal, string? command)
    {
        Literal = literal;
        Command = command;
    }

    public string? Literal { get; }

    public string? Command { get; }

    public static SecretSource FromLiteral(string value) => new(value, null);

    public static SecretSource FromCommand(string command) => new(null, command);

    /// <summary>Never shows the secret itself.</summary>
    public override string ToString() => Command is null ? "[literal]" : $"[command: {Command}]";
}
