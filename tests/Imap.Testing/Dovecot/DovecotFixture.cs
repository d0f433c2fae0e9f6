using Xunit;

namespace Imap.Testing.Dovecot;

/// <summary>
/// xunit class/collection fixture: one server shared by the tests of a class
/// (<c>IClassFixture&lt;DovecotFixture&gt;</c>), stopped after them even if they fail. Derive and
/// override <see cref="CreateOptions"/> for another configuration.
/// </summary>
public class DovecotFixture : IAsyncLifetime
{
    private DovecotServer? _server;

    /// <summary>The running server.</summary>
    public DovecotServer Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <summary>Options of the server; the default is a full-featured one.</summary>
    protected virtual DovecotOptions CreateOptions() => new();

    /// <inheritdoc/>
    public async Task InitializeAsync() => _server = await DovecotServer.StartAsync(CreateOptions());

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
