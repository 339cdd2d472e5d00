using Dapper;

namespace Suyuan.Storage.Accounts;

/// <summary>The roles a login or key acts in.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Regulator = "regulator";
    public const string Enterprise = "enterprise";

    public static IReadOnlyList<string> All { get; } = [Admin, Regulator, Enterprise];
}

public sealed record Account(long Id, string Login, string DisplayName, string PasswordHash, string Role, string? Department, string? Enterprise,
    int FailedAttempts, DateTimeOffset? LockedUntil, bool Disabled, DateTimeOffset CreatedAt);

public sealed record NewAccount(string Login, string DisplayName, string PasswordHash, string Role, string? Department, string? Enterprise);

/// <summary>Web login accounts (migration 0008): who they are, their password hash and their lock-out state.</summary>
public sealed class AccountStore(FeatureDatabase database)
{
    private const string Columns = "id, login, display_name, password_hash, role, department, enterprise, failed_attempts, locked_until, disabled, created_at";

    /// <summary>False when the login is taken (nothing is changed).</summary>
    public async Task<bool> CreateAsync(NewAccount account, CancellationToken ct = default)
    {
        var rows = await database.ExecuteAsync(
            "INSERT INTO accounts (login, display_name, password_hash, role, department, enterprise, created_at) " +
            "VALUES (@Login, @DisplayName, @PasswordHash, @Role, @Department, @Enterprise, @at) ON CONFLICT (login) DO NOTHING",
            new { account.Login, account.DisplayName, account.PasswordHash, account.Role, account.Department, account.Enterprise, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, ct);
        return rows > 0;
    }

    public async Task<Account?> FindAsync(string login, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM accounts WHERE login = @login", new { login }, cancellationToken: ct));
        return row?.ToAccount();
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM accounts ORDER BY login", cancellationToken: ct));
        return rows.Select(r => r.ToAccount()).ToList();
    }

    /// <summary>Counts a wrong password in one statement (no lost updates between concurrent attempts); locks at <paramref name="lockAfter"/> failures.</summary>
    public async Task<Account?> RecordFailureAsync(string login, int lockAfter, TimeSpan lockFor, CancellationToken ct = default)
    {
        await database.ExecuteAsync(
            "UPDATE accounts SET failed_attempts = failed_attempts + 1, " +
            "locked_until = CASE WHEN failed_attempts + 1 >= @lockAfter THEN @until ELSE locked_until END WHERE login = @login",
            new { login, lockAfter, until = DateTimeOffset.UtcNow.Add(lockFor).ToUnixTimeMilliseconds() }, ct);
        return await FindAsync(login, ct);
    }

    /// <summary>A successful login (or an expired lock) starts the count again.</summary>
    public async Task ResetFailuresAsync(string login, CancellationToken ct = default)
    {
        await database.ExecuteAsync("UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE login = @login", new { login }, ct);
    }

    public async Task<bool> SetPasswordAsync(string login, string passwordHash, CancellationToken ct = default)
    {
        return await database.ExecuteAsync(
            "UPDATE accounts SET password_hash = @passwordHash, failed_attempts = 0, locked_until = NULL WHERE login = @login", new { login, passwordHash }, ct) > 0;
    }

    private sealed record Row(long Id, string Login, string Display_Name, string Password_Hash, string Role, string? Department, string? Enterprise,
        long Failed_Attempts, long? Locked_Until, long Disabled, long Created_At)
    {
        public Account ToAccount() => new(Id, Login, Display_Name, Password_Hash, Role, Department, Enterprise, (int)Failed_Attempts,
            Locked_Until is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null, Disabled != 0, DateTimeOffset.FromUnixTimeMilliseconds(Created_At));
    }
}
