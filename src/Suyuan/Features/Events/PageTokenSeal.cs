using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Suyuan.Storage;

namespace Suyuan.Features.Events;

/// <summary>
/// Makes event page tokens opaque. The store's token names the last event's row id and sort key, and row ids are
/// store-wide: the gap between two pages would tell a reader how many events others stored meanwhile. A client gets the
/// token sealed (AES-GCM) under a key every server of the store shares (<c>store_secrets</c>, made at random by the first
/// server that needs it), so it can neither read nor forge one; an altered token is refused as malformed, and so is one
/// sealed for another party (an enterprise, a department, the admins): a reader cannot place another's position among its own.
/// </summary>
internal sealed class PageTokenSeal(FeatureDatabase database)
{
    private const string SecretName = "event-page-tokens";
    private const byte Version = 1;
    private const int NonceSize = 12, TagSize = 16, KeySize = 32;

    /// <summary>Binds a sealed token to its use: a token sealed for something else under the same key never opens here.</summary>
    private static readonly byte[] Purpose = "suyuan:events-page-token:v1"u8.ToArray();

    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <param name="party">Who may use the token (the caller's party): another party's reader cannot open it.</param>
    public async ValueTask<string> SealAsync(string token, string party, CancellationToken ct)
    {
        var key = await KeyAsync(ct);
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedBytes = new byte[1 + NonceSize + plain.Length + TagSize];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(1 + NonceSize, plain.Length), sealedBytes.AsSpan(1 + NonceSize + plain.Length), Bound(party));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>
    /// The store's token inside <paramref name="sealedToken"/>; null when it is not one this store sealed for
    /// <paramref name="party"/>, or was altered.
    /// </summary>
    public async ValueTask<string?> OpenAsync(string sealedToken, string party, CancellationToken ct)
    {
        // Tokens are about 150 characters; anything far longer is not one (and is not worth decoding).
        if (sealedToken.Length is 0 or > 4_096 || !Base64Url.IsValid(sealedToken, out var length) || length < 1 + NonceSize + TagSize)
        {
            return null;
        }
        var bytes = Base64Url.DecodeFromChars(sealedToken);
        if (bytes[0] != Version)
        {
            return null;
        }
        var key = await KeyAsync(ct);
        var cipher = bytes.AsSpan(1 + NonceSize, bytes.Length - 1 - NonceSize - TagSize);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(bytes.AsSpan(1, NonceSize), cipher, bytes.AsSpan(bytes.Length - TagSize), plain, Bound(party));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The data the seal authenticates besides the token: its use and its party.</summary>
    private static byte[] Bound(string party) => [.. Purpose, 0, .. Encoding.UTF8.GetBytes(party)];

    private async ValueTask<byte[]> KeyAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _key) is { } key)
        {
            return key;
        }
        await _loading.WaitAsync(ct);
        try
        {
            return _key ??= await LoadOrCreateAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The store's key, made here when no server has made one; when two make one at once, the first written wins for both.</summary>
    private async Task<byte[]> LoadOrCreateAsync(CancellationToken ct)
    {
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            if (await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition("SELECT value FROM store_secrets WHERE name = @name", new { name = SecretName }, cancellationToken: ct)) is { Length: KeySize } existing)
            {
                return existing;
            }
        }
        var made = RandomNumberGenerator.GetBytes(KeySize);
        await database.ExecuteAsync("INSERT INTO store_secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING", new { name = SecretName, value = made }, ct);
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            return await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition("SELECT value FROM store_secrets WHERE name = @name", new { name = SecretName }, cancellationToken: ct)) is { Length: KeySize } stored
                ? stored
                : throw new InvalidDataException($"store_secrets holds a '{SecretName}' that is not a {KeySize}-byte key");
        }
    }
}
