using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Suyuan.Storage.Accounts;

/// <summary>What an API key may do: capture events, read data, manage the platform (keys, accounts, registry).</summary>
public static class Scopes
{
    public const string Capture = "capture";
    public const string Read = "read";
    public const string Manage = "manage";

    public static IReadOnlyList<string> All { get; } = [Capture, Read, Manage];
}

public sealed record ApiKey(string Id, string Role, string? Department, string? Enterprise, IReadOnlyList<string> Scopes, string Label,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy, DateTimeOffset? LastUsedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

public sealed record NewApiKey(string Role, string? Department, string? Enterprise, IReadOnlyList<string> Scopes, string Label, string CreatedBy);

/// <summary>An issued key: <see cref="Secret"/> is the whole bearer token, shown once and never stored.</summary>
public sealed record IssuedApiKey(ApiKey Key, string Secret);

/// <summary>Why a presented key was not accepted.</summary>
public enum ApiKeyRefusal
{
    None,
    Malformed,
    Unknown,
    Revoked,
}

/// <summary>
/// API keys (migration 0008). A key is <c>sy_{id}_{secret}</c>: the id is public (listed, revoked, audited), the secret is 256
/// random bits. Rotation is issuing a new key and revoking the old one when the client has switched; both work meanwhile.
/// </summary>
public sealed class ApiKeyStore(FeatureDatabase database)
{
    private const string Columns = "id, role, department, enterprise, scopes, label, created_at, created_by, revoked_at, revoked_by, last_used_at";
    public const string Prefix = "sy_";

    public async Task<IssuedApiKey> IssueAsync(NewApiKey request, CancellationToken ct = default)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Prefix + id + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = DateTimeOffset.UtcNow;
        await database.ExecuteAsync(
            "INSERT INTO api_keys (id, secret_hash, role, department, enterprise, scopes, label, created_at, created_by) " +
            "VALUES (@id, @hash, @Role, @Department, @Enterprise, @scopes, @Label, @at, @CreatedBy)",
            new { id, hash = Hash(secret), request.Role, request.Department, request.Enterprise, scopes = string.Join(' ', request.Scopes), request.Label, at = now.ToUnixTimeMilliseconds(), request.CreatedBy }, ct);
        return new(new ApiKey(id, request.Role, request.Department, request.Enterprise, request.Scopes, request.Label, now, request.CreatedBy, null, null, null), secret);
    }

    /// <summary>The key a bearer token stands for, or why it is refused.</summary>
    public async Task<(ApiKey? Key, ApiKeyRefusal Refusal)> VerifyAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length < Prefix.Length + 14 || token[Prefix.Length + 12] != '_')
        {
            return (null, ApiKeyRefusal.Malformed);
        }
        var id = token.Substring(Prefix.Length, 12);
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns}, secret_hash FROM api_keys WHERE id = @id", new { id }, cancellationToken: ct));
        if (row is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.Secret_Hash), Encoding.ASCII.GetBytes(Hash(token))))
        {
            return (null, ApiKeyRefusal.Unknown);
        }
        var key = row.ToKey();
        return key.IsRevoked ? (key, ApiKeyRefusal.Revoked) : (key, ApiKeyRefusal.None);
    }

    public async Task<ApiKey?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        // The hash column itself, not a '' literal: SQLite gives an empty result's literal column no type, and Dapper then finds no constructor.
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns}, secret_hash FROM api_keys WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToKey();
    }

    /// <summary>Keys newest first, optionally of one enterprise.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(string? enterprise = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns}, secret_hash FROM api_keys {(enterprise is null ? "" : "WHERE enterprise = @enterprise")} ORDER BY created_at DESC, id",
            new { enterprise }, cancellationToken: ct));
        return rows.Select(r => r.ToKey()).ToList();
    }

    /// <summary>Revokes the key; null when there is no such key. Revoking twice keeps the first time.</summary>
    public async Task<ApiKey?> RevokeAsync(string id, string by, CancellationToken ct = default)
    {
        await database.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL",
            new { id, by, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, ct);
        return await GetAsync(id, ct);
    }

    public async Task TouchAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        await database.ExecuteAsync("UPDATE api_keys SET last_used_at = @at WHERE id = @id", new { id, at = at.ToUnixTimeMilliseconds() }, ct);
    }

    // A plain SHA-256 suffices here (unlike passwords): the secret is 256 random bits, so there is nothing to guess or precompute.
    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Row(string Id, string Role, string? Department, string? Enterprise, string Scopes, string Label, long Created_At, string Created_By,
        long? Revoked_At, string? Revoked_By, long? Last_Used_At, string Secret_Hash)
    {
        public ApiKey ToKey() => new(Id, Role, Department, Enterprise, Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), Label,
            DateTimeOffset.FromUnixTimeMilliseconds(Created_At), Created_By, Revoked_At is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null, Revoked_By,
            Last_Used_At is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null);
    }
}
