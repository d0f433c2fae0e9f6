using Imap.Protocol.Client;
using Imap.Protocol.Transport;
using Imap.Testing.Dovecot;
using static Imap.Protocol.Tests.Dovecot.DovecotClients;

namespace Imap.Protocol.Tests.Dovecot;

/// <summary>A Dovecot with TLS switched off, so it offers no STARTTLS.</summary>
public sealed class DovecotWithoutTlsFixture : DovecotFixture
{
    protected override DovecotOptions CreateOptions() => new() { Tls = false, Compress = false };
}

public class DovecotWithoutTlsTests(DovecotWithoutTlsFixture fixture) : IClassFixture<DovecotWithoutTlsFixture>
{
    [Fact]
    public async Task Starttls_required_but_not_offered_is_refused_before_login()
    {
        var trace = new List<string>();
        var ex = await Assert.ThrowsAsync<ImapConnectionException>(() => ConnectAsync(Plain(fixture.Server, ImapSecurity.StartTls), trace: trace.Add));
        Assert.Equal("Server did not advertise STARTTLS capability.", ex.Message);
        Assert.DoesNotContain(trace, l => l.StartsWith("C:", StringComparison.Ordinal) && (l.Contains("LOGIN", StringComparison.Ordinal) || l.Contains("AUTHENTICATE", StringComparison.Ordinal)));
        Assert.Contains(trace, l => l.StartsWith("S: * OK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compress_not_offered_returns_false()
    {
        await using var client = await LoginAsync(fixture.Server);
        Assert.False(client.Capabilities.Compress);
        Assert.False(await client.CompressAsync());
        Assert.False(client.Connection.IsCompressed);
    }
}
