using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Suyuan.Storage.Accounts;

namespace Suyuan.Hosting.Access;

/// <summary>Authenticates API keys (<c>Authorization: Bearer sy_…</c>, or Basic with the key); a refused key fails with a message the 401 shows.</summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, AuditLog audit, KeyUseClock clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        var (key, refusal) = await keys.VerifyAsync(token, Context.RequestAborted);
        var remote = Context.Connection.RemoteIpAddress?.ToString();
        switch (refusal)
        {
            case ApiKeyRefusal.Malformed:
                return AuthenticateResult.Fail("the credentials are not a Suyuan API key (sy_{id}_{secret}: as a Bearer token, or as the Basic password)");
            case ApiKeyRefusal.Unknown:
                await TryAuditAsync(new AuditEntry("unknown key", "anonymous", "key.use", Request.Path, "refused", remote, "unknown key"));
                return AuthenticateResult.Fail("the API key is not known: check it was copied whole, or ask for a new one");
            case ApiKeyRefusal.Revoked:
                await TryAuditAsync(new AuditEntry("key:" + key!.Id, key.Role, "key.use", Request.Path, "refused", remote, "revoked key"));
                return AuthenticateResult.Fail($"the API key {key.Id} was revoked on {key.RevokedAt:yyyy-MM-dd HH:mm} UTC; use its replacement or ask for a new one");
        }
        if (clock.Due(key!.Id))
        {
            // One row per key and minute: the writes and confidential reads it does are audited one by one anyway.
            await keys.TouchAsync(key.Id, DateTimeOffset.UtcNow, Context.RequestAborted);
            if (!await TryAuditAsync(new AuditEntry("key:" + key.Id, key.Role, "key.use", Request.Path, "ok", remote)))
            {
                clock.Forget(key.Id);
            }
        }
        var principal = Actor.Principal(SchemeName, "key:" + key.Id, key.Label, key.Role, key.Department, key.Enterprise, key.Scopes, "key");
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>
    /// Appends a key's use row. When the audit log cannot be written, the key is still judged: a refused key stays refused,
    /// and an accepted key's request meets the failure at its own audit row, which the endpoint answers for (a capture
    /// with a 503, nothing stored). Authentication runs before the exception handler, where a failure would be a bare 500.
    /// </summary>
    private async Task<bool> TryAuditAsync(AuditEntry entry)
    {
        try
        {
            await audit.AppendAsync(entry, Context.RequestAborted);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "The audit log could not be written: {Action} {Outcome} by {Actor}", entry.Action, entry.Outcome, entry.Actor);
            return false;
        }
    }

    /// <summary>
    /// The API key a request carries: <c>Authorization: Bearer sy_…</c>, or HTTP Basic (the scheme the EPCIS binding's
    /// OpenAPI document declares) with the key as the password (or, from clients that only fill a user name, as that).
    /// Other Basic credentials (a reverse proxy's own) are not a key: null, and the session cookie decides.
    /// </summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            return header[7..].Trim();
        }
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || header.Length <= 6)
        {
            return null;
        }
        string credentials;
        try
        {
            credentials = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = credentials.IndexOf(':');
        var (user, password) = colon < 0 ? (credentials, "") : (credentials[..colon], credentials[(colon + 1)..]);
        return password.StartsWith(ApiKeyStore.Prefix, StringComparison.Ordinal) ? password
            : user.StartsWith(ApiKeyStore.Prefix, StringComparison.Ordinal) ? user
            : null;
    }
}

/// <summary>When each key's use was last recorded, so busy keys write one audit row a minute, not one per request.</summary>
internal sealed class KeyUseClock
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _last = new();

    /// <summary>The key's use was not recorded after all: the next request records it.</summary>
    public void Forget(string keyId) => _last.TryRemove(keyId, out _);

    public bool Due(string keyId)
    {
        var now = DateTimeOffset.UtcNow;
        var previous = _last.GetOrAdd(keyId, DateTimeOffset.MinValue);
        return now - previous >= TimeSpan.FromMinutes(1) && _last.TryUpdate(keyId, now, previous);
    }
}
