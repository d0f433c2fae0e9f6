namespace ImapSync.Cli.Configuration;

/// <summary>A configuration problem, located by file, line and key when they are known.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(string path, int line, string? key, string problem)
        : base(Format(path, line, key, problem))
    {
        FilePath = path;
        Line = line;
        Key = key;
        Problem = problem;
    }

    public ConfigException()
    {
        FilePath = string.Empty;
        Problem = string.Empty;
    }

    public ConfigException(string message) : base(message)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    public ConfigException(string message, Exception innerException) : base(message, innerException)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    public string FilePath { get; }

    /// <summary>1-based line number, or 0 when the problem is not on one line.</summary>
    public int Line { get; }

    public string? Key { get; }

    public string Problem { get; }

    private static string Format(string path, int line, string? key, string problem)
    {
        var where = line > 0 ? $"{path}:{line}" : path;
        return key is null ? $"{where}: {problem}" : $"{where}: {key}: {problem}";
    }
}
