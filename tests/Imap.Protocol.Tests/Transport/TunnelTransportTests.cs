using System.Text;
using Imap.Protocol.Transport;

namespace Imap.Protocol.Tests.Transport;

public class TunnelTransportTests
{
    [Fact]
    public void Plain_commands_are_split_into_words()
    {
        var (file, args) = TunnelCommandLine.Parse("  doveadm   exec imap ");
        Assert.Equal("doveadm", file);
        Assert.Equal(["exec", "imap"], args);
    }

    [Theory]
    [InlineData("ssh host 'dovecot exec imap'")]
    [InlineData("imap 2>/dev/null")]
    [InlineData("a; b")]
    [InlineData("x $HOME")]
    public void Shell_metacharacters_go_through_sh(string command)
    {
        var (file, args) = TunnelCommandLine.Parse(command);
        Assert.Equal("/bin/sh", file);
        Assert.Equal(["-c", command], args);
    }

    [Fact]
    public async Task Tunnel_speaks_on_stdin_and_stdout()
    {
        await using var transport = await ImapTransport.ConnectAsync(new ImapTransportOptions { TunnelCommand = "cat" });
        Assert.True(transport.IsTunnel);
        await transport.Stream.WriteAsync("a001 NOOP\r\n"u8.ToArray());
        await transport.Stream.FlushAsync();
        var buffer = new byte[11];
        await transport.Stream.ReadExactlyAsync(buffer);
        Assert.Equal("a001 NOOP\r\n", Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public async Task Shell_tunnel_runs_and_stderr_can_be_discarded()
    {
        await using var transport = await ImapTransport.ConnectAsync(new ImapTransportOptions
        {
            TunnelCommand = "echo noise >&2; printf '* PREAUTH hi\\r\\n'",
            TunnelStderr = TunnelStderr.Discard,
        });
        var reader = new StreamReader(transport.Stream);
        Assert.Equal("* PREAUTH hi", await reader.ReadLineAsync());
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task Missing_program_is_a_connection_error()
    {
        await Assert.ThrowsAsync<ImapConnectionException>(() =>
            ImapTransport.ConnectAsync(new ImapTransportOptions { TunnelCommand = "/nonexistent/imapd" }));
    }

    [Fact]
    public async Task Tunnel_runs_in_its_own_session_so_ctrl_c_does_not_reach_it()
    {
        Assert.True(File.Exists("/usr/bin/setsid"), "util-linux setsid is expected on Debian");
        await using var transport = await ImapTransport.ConnectAsync(new ImapTransportOptions { TunnelCommand = "cut -d' ' -f6 /proc/self/stat" });
        var reader = new StreamReader(transport.Stream);
        var childSession = int.Parse((await reader.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        var ourSession = int.Parse(File.ReadAllText("/proc/self/stat").Split(' ')[5], System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(ourSession, childSession);
    }
}
