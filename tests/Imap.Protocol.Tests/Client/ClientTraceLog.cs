namespace Imap.Protocol.Tests.Client;

/// <summary>The client's protocol trace, to see what it wrote before which reply it read.</summary>
internal sealed class ClientTraceLog
{
    private readonly List<string> _lines = [];

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    /// <summary>The first line containing <paramref name="first"/> comes before the first containing <paramref name="then"/>.</summary>
    public void AssertBefore(string first, string then)
    {
        string[] lines;
        lock (_lines)
        {
            lines = [.. _lines];
        }
        var a = Array.FindIndex(lines, l => l.Contains(first, StringComparison.Ordinal));
        var b = Array.FindIndex(lines, l => l.Contains(then, StringComparison.Ordinal));
        Assert.True(a >= 0 && b > a, $"expected [{first}] before [{then}]:\n{string.Join('\n', lines)}");
    }
}
