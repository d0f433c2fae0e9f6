using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    /// <summary>CAPABILITY: asks the server again and returns the new set.</summary>
    public async Task<ImapCapabilities> CapabilityAsync(CancellationToken cancellationToken = default)
    {
        ImapCapabilities? received = null;
        var pending = new PendingCommand(Encode(SimpleCommand.Capability))
        {
            Claim = r =>
            {
                if (r is not CapabilityResponse c)
                {
                    return false;
                }
                received = c.Capabilities;
                return true;
            },
        };
        await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        if (received is not null)
        {
            Capabilities = received;
        }
        return Capabilities;
    }

    /// <summary>ENABLE (RFC 5161); returns what the server reported as enabled.</summary>
    public async Task<IReadOnlyList<string>> EnableAsync(IEnumerable<string> extensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var command = Encode(new EnableCommand(extensions));
        var enabled = new List<string>();
        var pending = new PendingCommand(command)
        {
            Claim = r =>
            {
                if (r is not EnabledResponse e)
                {
                    return false;
                }
                enabled.AddRange(e.Extensions);
                return true;
            },
        };
        await _connection.ExecuteAsync(pending, cancellationToken).ConfigureAwait(false);
        foreach (var extension in enabled)
        {
            _enabled.Add(extension);
        }
        _connection.Utf8MailboxNames = Utf8Enabled;
        return enabled;
    }

    /// <summary>ID (RFC 2971): sends our fields (null for NIL) and returns the server's, or null.</summary>
    public async Task<IdResponse?> IdAsync(IEnumerable<KeyValuePair<string, string?>>? fields = null, CancellationToken cancellationToken = default)
    {
        var builder = Command("ID", "ID "u8);
        var list = fields?.ToList();
        if (list is null || list.Count == 0)
        {
            builder.Raw("NIL"u8);
        }
        else
        {
            builder.Raw("("u8);
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    builder.Space();
                }
                builder.QuotedOrLiteral(list[i].Key).Space().NString(list[i].Value);
            }
            builder.Raw(")"u8);
        }
        IdResponse? result = null;
        await _connection.ExecuteAsync(new PendingCommand(builder.Build(Pipelining.Answering(UntaggedAnswers.Id))) { Claim = r => Take(r, ref result) }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>NAMESPACE (RFC 2342), or null when the server sent none.</summary>
    public async Task<NamespaceResponse?> NamespaceAsync(CancellationToken cancellationToken = default)
    {
        NamespaceResponse? result = null;
        await _connection.ExecuteAsync(new PendingCommand(Encode(SimpleCommand.Namespace)) { Claim = r => Take(r, ref result) }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>NOOP: also the way to poll for mailbox changes without IDLE.</summary>
    public Task NoopAsync(CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync(new PendingCommand(Encode(SimpleCommand.Noop)), cancellationToken);

    /// <summary>LOGOUT, then closes the connection.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _connection.ExecuteAsync(new PendingCommand(Encode(SimpleCommand.Logout)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Claims the first response of type T into <paramref name="slot"/>.</summary>
    private static bool Take<T>(ImapResponse response, ref T? slot) where T : ImapResponse
    {
        if (response is not T typed || slot is not null)
        {
            return false;
        }
        slot = typed;
        return true;
    }
}
