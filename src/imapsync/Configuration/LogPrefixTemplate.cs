using System.Text;

namespace ImapSync.Cli.Configuration;

/// <summary>
/// A compiled <c>log-prefix</c>: <c>%n</c> (component: local, remote, database or empty), <c>%m</c>
/// (mailbox), <c>%%</c>, conditionals <c>%?X?then?</c> and <c>%?X?then&amp;else?</c> (X non-empty;
/// they nest), and the escapes <c>\&amp; \? \\</c>.
/// </summary>
internal sealed class LogPrefixTemplate
{
    /// <summary>InterIMAP's default: <c>local(INBOX): </c>, <c>local: </c> or nothing.</summary>
    public const string DefaultText = "%?n?%?m?%n(%m)&%n?: ?";

    private readonly IReadOnlyList<Node> _nodes;

    private LogPrefixTemplate(string text, IReadOnlyList<Node> nodes)
    {
        Text = text;
        _nodes = nodes;
    }

    public string Text { get; }

    public static LogPrefixTemplate Default { get; } = Parse(DefaultText);

    public static LogPrefixTemplate Parse(string text)
    {
        var position = 0;
        var nodes = ParseSequence(text, ref position, inConditional: false);
        return new LogPrefixTemplate(text, nodes);
    }

    public string Render(string? component, string? mailbox)
    {
        var output = new StringBuilder();
        Render(_nodes, component ?? string.Empty, mailbox ?? string.Empty, output);
        return output.ToString();
    }

    private static void Render(IReadOnlyList<Node> nodes, string component, string mailbox, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case LiteralNode literal:
                    output.Append(literal.Text);
                    break;
                case VariableNode variable:
                    output.Append(variable.Name == 'n' ? component : mailbox);
                    break;
                case ConditionalNode conditional:
                    var value = conditional.Name == 'n' ? component : mailbox;
                    Render(value.Length > 0 ? conditional.Then : conditional.Else, component, mailbox, output);
                    break;
            }
        }
    }

    private static List<Node> ParseSequence(string text, ref int i, bool inConditional)
    {
        var nodes = new List<Node>();
        var literal = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (inConditional && c is '?' or '&')
            {
                break;
            }

            i++;
            if (c == '\\' && i < text.Length && text[i] is '&' or '?' or '\\')
            {
                literal.Append(text[i++]);
            }
            else if (c != '%')
            {
                literal.Append(c);
            }
            else if (i == text.Length)
            {
                throw new FormatException("'%' at the end");
            }
            else if (text[i] == '%')
            {
                literal.Append('%');
                i++;
            }
            else if (text[i] is 'n' or 'm')
            {
                Flush(literal, nodes);
                nodes.Add(new VariableNode(text[i++]));
            }
            else if (text[i] == '?')
            {
                Flush(literal, nodes);
                nodes.Add(ParseConditional(text, ref i));
            }
            else
            {
                throw new FormatException($"unknown directive '%{text[i]}' at column {i}");
            }
        }

        Flush(literal, nodes);
        return nodes;
    }

    private static ConditionalNode ParseConditional(string text, ref int i)
    {
        var start = i - 1;
        i++; // '?'
        if (i + 1 >= text.Length || text[i] is not ('n' or 'm') || text[i + 1] != '?')
        {
            throw new FormatException($"conditional at column {start + 1} must start with '%?n?' or '%?m?'");
        }

        var name = text[i];
        i += 2;
        var then = ParseSequence(text, ref i, inConditional: true);
        List<Node> otherwise = [];
        if (i < text.Length && text[i] == '&')
        {
            i++;
            otherwise = ParseSequence(text, ref i, inConditional: true);
        }

        if (i == text.Length || text[i] != '?')
        {
            throw new FormatException($"conditional at column {start + 1} is not closed with '?'");
        }

        i++;
        return new ConditionalNode(name, then, otherwise);
    }

    private static void Flush(StringBuilder literal, List<Node> nodes)
    {
        if (literal.Length > 0)
        {
            nodes.Add(new LiteralNode(literal.ToString()));
            literal.Clear();
        }
    }

    private abstract record Node;

    private sealed record LiteralNode(string Text) : Node;

    private sealed record VariableNode(char Name) : Node;

    private sealed record ConditionalNode(char Name, IReadOnlyList<Node> Then, IReadOnlyList<Node> Else) : Node;
}
