using Imap.Protocol.Auth;
using Imap.Protocol.Commands;
using Imap.Protocol.Model;

namespace Imap.Protocol.Client;

public sealed partial class ImapClient
{
    private static readonly string[] s_defaultMechanisms = ["PLAIN", "LOGIN"];

    /// <summary>
    /// Logs in with the first mechanism of <paramref name="mechanisms"/> the server offers
    /// (default <c>PLAIN LOGIN</c>, as InterIMAP). <c>LOGIN</c> means the LOGIN command and always
    /// counts as offered; <c>AUTH=LOGIN</c> means the SASL LOGIN mechanism. Other names are SASL
    /// mechanisms: PLAIN (with SASL-IR when offered), XOAUTH2, OAUTHBEARER, SCRAM-SHA-256, SCRAM-SHA-1.
    /// Capabilities are refreshed afterwards.
    /// </summary>
    /// <exception cref="ImapCommandException">The server said NO (e.g. wrong password).</exception>
    /// <exception cref="ImapAuthenticationException">No usable mechanism, logins disabled, or a SASL failure.</exception>
    public async Task AuthenticateAsync(ImapCredentials credentials, IEnumerable<string>? mechanisms = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (State != ImapConnectionState.NotAuthenticated)
        {
            throw new InvalidOperationException($"Cannot authenticate in state {State}.");
        }
        var (name, sasl) = ChooseMechanism(mechanisms ?? s_defaultMechanisms);
        StatusResponse reply;
        if (_connection.Trace is not null)
        {
            _connection.Trace.HideExchange = true;
        }
        try
        {
            reply = sasl
                ? await SaslAsync(SaslMechanisms.Create(name, credentials, _options.Transport.BareHost, _options.Transport.EffectivePort), cancellationToken).ConfigureAwait(false)
                : await LoginAsync(credentials, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_connection.Trace is not null)
            {
                _connection.Trace.HideExchange = false;
            }
        }
        State = ImapConnectionState.Authenticated;
        if (reply.Code is not { Kind: ResponseCodeKind.Capability })
        {
            await CapabilityAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private (string Name, bool Sasl) ChooseMechanism(IEnumerable<string> preferences)
    {
        foreach (var preference in preferences)
        {
            var name = preference.ToUpperInvariant();
            var forcedSasl = name.StartsWith("AUTH=", StringComparison.Ordinal);
            if (forcedSasl)
            {
                name = name[5..];
            }
            var offered = (name == "LOGIN" && !forcedSasl) || Capabilities.AuthMechanisms.Contains(name, StringComparer.OrdinalIgnoreCase);
            if (!offered)
            {
                continue;
            }
            if (Capabilities.LoginDisabled && name is "LOGIN" or "PLAIN")
            {
                throw new ImapAuthenticationException("Logins are disabled.");
            }
            if (name == "LOGIN" && !forcedSasl)
            {
                return (name, false);
            }
            return SaslMechanisms.Supported.Contains(name)
                ? (name, true)
                : throw new ImapAuthenticationException($"Unsupported authentication mechanism: {name}");
        }
        throw new ImapAuthenticationException("Failed to choose an authentication mechanism");
    }

    private Task<StatusResponse> LoginAsync(ImapCredentials credentials, CancellationToken cancellationToken)
    {
        var password = credentials.Password ?? throw new ImapAuthenticationException("LOGIN needs a password.");
        var command = Command("LOGIN", "LOGIN "u8).AString(credentials.UserName).Space().AString(password).Sensitive().Build(Pipelining.Barrier);
        return _connection.ExecuteAsync(new PendingCommand(command), cancellationToken);
    }

    private async Task<StatusResponse> SaslAsync(SaslMechanism mechanism, CancellationToken cancellationToken)
    {
        var initialInline = mechanism.ClientFirst && Capabilities.SaslIR;
        var builder = Command("AUTHENTICATE", "AUTHENTICATE "u8).Atom(mechanism.Name).Sensitive();
        if (initialInline)
        {
            var initial = mechanism.InitialResponse();
            builder.Space().Ascii(initial.Length == 0 ? "=" : Convert.ToBase64String(initial));
        }
        Exception? clientError = null;
        var pending = new PendingCommand(builder.Build(Pipelining.Barrier));
        var reply = await _connection.ExecuteAsync(pending, cancellationToken, throwOnNo: false, interact: async p =>
        {
            var first = !initialInline;
            while (await p.WaitContinuationAsync(CancellationToken.None).ConfigureAwait(false) is { } continuation)
            {
                byte[] answer;
                try
                {
                    answer = first && mechanism.ClientFirst
                        ? mechanism.InitialResponse()
                        : mechanism.Respond(DecodeChallenge(continuation.Text));
                }
                catch (SaslException ex)
                {
                    clientError = ex;
                    await _connection.WriteLineAsync("*").ConfigureAwait(false);
                    continue;
                }
                first = false;
                await _connection.WriteLineAsync(Convert.ToBase64String(answer)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        if (clientError is not null)
        {
            throw new ImapAuthenticationException($"AUTHENTICATE {mechanism.Name} aborted: {clientError.Message}", clientError);
        }
        if (reply.Status != ImapStatus.Ok)
        {
            throw new ImapCommandException($"AUTHENTICATE {mechanism.Name}", reply);
        }
        if (mechanism is ScramMechanism && !mechanism.IsComplete)
        {
            throw new ImapAuthenticationException($"{mechanism.Name}: the server never proved it knows the password.");
        }
        return reply;
    }

    private static byte[] DecodeChallenge(string text)
    {
        var trimmed = text.Trim();
        try
        {
            return trimmed.Length == 0 ? [] : Convert.FromBase64String(trimmed);
        }
        catch (FormatException ex)
        {
            throw new SaslException("The server's challenge is not base64.", ex);
        }
    }
}
