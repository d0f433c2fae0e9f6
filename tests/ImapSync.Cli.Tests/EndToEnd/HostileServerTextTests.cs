using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Imap.Testing.Faults;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>
/// A hostile remote (a real Dovecot behind a line-rewriting proxy) puts terminal escape sequences,
/// C1 controls, bidi overrides and CR LF into everything the program prints: an [ALERT], a tagged NO's
/// text, a mailbox name sent as a literal, and the --debug trace. Neither standard error nor the log
/// file may then hold a raw control byte other than the line ends the program writes itself.
/// </summary>
public sealed class HostileServerTextTests : IAsyncLifetime
{
    // Bytes as the rewriter sends them (Latin-1 per byte): ESC ] 0 ; title BEL, ESC [ 31 m, U+0085 and
    // U+202E in UTF-8.
    private const string Nasty = "\u001b]0;TITLE\u0007\u001b[31mred\u00c2\u0085\u00e2\u0080\u00ae";
    private const string ForgedLine = "local(INBOX): ERROR: forged";

    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await CliSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Server_text_with_escapes_and_CR_LF_is_printed_escaped_on_the_terminal_and_in_the_log_file()
    {
        await _sandbox.Local.CreateMailboxAsync(CliSandbox.User, "fromlocal");
        var injectedName = 0;
        await using var proxy = FaultProxy.Start(_sandbox.Remote.Host, _sandbox.Remote.Port, Fault.Rewrite(FaultDirection.ServerToClient, line =>
        {
            if (Regex.IsMatch(line, @"^\S+ OK .*Logged in"))
            {
                return "* OK [ALERT] alert" + Nasty + "\r\n" + line;
            }

            if (Regex.IsMatch(line, @"^\S+ OK .*Create completed"))
            {
                return line.Split(' ')[0] + " NO [CANNOT] refused" + Nasty;
            }

            if (Regex.IsMatch(line, @"^\* LIST .* INBOX$") && Interlocked.Exchange(ref injectedName, 1) == 0)
            {
                var name = "evil" + "\r\n" + ForgedLine + "\u001b[2J";
                return line + "\r\n* LIST (\\HasNoChildren) \".\" {" + name.Length + "}\r\n" + name;
            }

            return line;
        }));
        var logFile = Path.Combine(_sandbox.Home, "imapsync.log");
        _sandbox.WriteConfig(_sandbox.PlainRemoteSection(proxy.Port), extra: $"logfile = {logFile}");

        var (_, stderr) = await RunCapturingRawStderrAsync("--debug");
        var log = await File.ReadAllBytesAsync(logFile);

        Assert.Equal(1, injectedName);
        foreach (var (what, bytes) in new[] { ("stderr", stderr), ("log file", log) })
        {
            var text = AssertPrintable(what, bytes);
            Assert.DoesNotMatch(new Regex("^" + Regex.Escape(ForgedLine), RegexOptions.Multiline), text);
        }

        var terminal = Encoding.UTF8.GetString(stderr);
        var logText = Encoding.UTF8.GetString(log);
        foreach (var expected in new[] { @"ALERT: alert\x1b]0;TITLE\x07\x1b[31mred\x85\u202e", @"refused\x1b]0;TITLE\x07", @"evil\r\n" + ForgedLine + @"\x1b[2J" })
        {
            Assert.True(terminal.Contains(expected, StringComparison.Ordinal), $"'{expected}' not on the terminal:\n{terminal}");
        }

        Assert.True(logText.Contains(@"S: * OK [ALERT] alert\x1b]0;TITLE\x07", StringComparison.Ordinal), logText);
    }

    /// <summary>Valid UTF-8 whose only control character is the '\n' ending each line, and no C1, bidi or separator character.</summary>
    private static string AssertPrintable(string what, byte[] bytes)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.True(text.Length > 0 && text.EndsWith('\n'), $"{what} is empty or does not end with a line end");
        var bad = text.Select((c, i) => (c, i)).FirstOrDefault(x =>
            x.c is < ' ' and not '\n' or >= '\u007f' and <= '\u009f' or '\u061c' or '\u200e' or '\u200f' or (>= '\u2028' and <= '\u202e') or (>= '\u2066' and <= '\u2069'));
        Assert.True(bad == default, $"{what} holds U+{(int)bad.c:X4} at {bad.i}:\n{text}");
        return text;
    }

    /// <summary>Runs the program reading standard error as bytes (a line reader would hide a raw CR).</summary>
    private async Task<(int ExitCode, byte[] Stderr)> RunCapturingRawStderrAsync(params string[] args)
    {
        using var process = Process.Start(ImapSyncProcess.StartInfo(_sandbox.Home, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var stderr = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.StandardError.BaseStream.CopyToAsync(stderr, timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await stdout;
        return (process.ExitCode, stderr.ToArray());
    }
}
