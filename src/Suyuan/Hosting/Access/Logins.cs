using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Suyuan.Storage.Accounts;

namespace Suyuan.Hosting.Access;

public enum LoginResult
{
    SignedIn,
    WrongPassword,
    Locked,
    Disabled,
}

public sealed record LoginOutcome(LoginResult Result, Account? Account, DateTimeOffset? LockedUntil = null);

/// <summary>Checks web logins: Identity's password hasher, and a lock of 15 minutes after 5 wrong passwords in a row.</summary>
public sealed class Logins(AccountStore accounts, IPasswordHasher<Account> hasher, AuditLog audit)
{
    public const int LockAfter = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    // Verified against when the login is unknown, so an unknown login takes as long as a wrong password.
    private readonly Lazy<string> _decoy = new(() => hasher.HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    public string Hash(string password) => hasher.HashPassword(null!, password);

    /// <summary>
    /// What a session cookie carries of the password it was opened with: 64 bits of SHA-256 of the stored hash (never the
    /// hash itself). A session whose stamp no longer matches — the password was changed or reset — is ended.
    /// </summary>
    public static string Stamp(string passwordHash) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passwordHash)).AsSpan(0, 8));

    /// <summary>Whether a session cookie still stands: its login exists, is not disabled, and has the password it was opened with.</summary>
    public async Task<bool> SessionStandsAsync(string? login, string? stamp, CancellationToken ct)
    {
        if (login is null || stamp is null)
        {
            return false;
        }
        var account = await accounts.FindAsync(login, ct);
        return account is { Disabled: false } && Stamp(account.PasswordHash) == stamp;
    }

    public async Task<LoginOutcome> SignInAsync(string login, string password, string? remote, CancellationToken ct)
    {
        var outcome = await CheckAsync(login.Trim(), password, ct);
        var actor = outcome.Account;
        await audit.AppendAsync(new AuditEntry(login.Trim(), actor?.Role ?? "anonymous", "login", "/login", AuditOutcome(outcome.Result), remote), CancellationToken.None);
        return outcome;
    }

    private static string AuditOutcome(LoginResult result) => result switch
    {
        LoginResult.SignedIn => "ok",
        LoginResult.Locked => "locked",
        LoginResult.Disabled => "disabled",
        _ => "failed",
    };

    /// <summary>
    /// Changes a login's password once its current one is given: a wrong current password counts towards the lock as a
    /// failed sign-in does. Audited either way (password.change). The outcome's account has the new password's hash.
    /// </summary>
    public async Task<LoginOutcome> ChangePasswordAsync(string login, string current, string next, string? remote, CancellationToken ct)
    {
        var outcome = await CheckAsync(login, current, ct);
        if (outcome is { Result: LoginResult.SignedIn, Account: { } account })
        {
            var hash = Hash(next);
            await accounts.SetPasswordAsync(login, hash, ct);
            outcome = outcome with { Account = account with { PasswordHash = hash } };
        }
        await audit.AppendAsync(new AuditEntry(login, outcome.Account?.Role ?? "anonymous", "password.change", "/account/password", AuditOutcome(outcome.Result), remote), CancellationToken.None);
        return outcome;
    }

    private async Task<LoginOutcome> CheckAsync(string login, string password, CancellationToken ct)
    {
        var account = await accounts.FindAsync(login, ct);
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, _decoy.Value, password);
            return new(LoginResult.WrongPassword, null);
        }
        if (account.Disabled)
        {
            return new(LoginResult.Disabled, account);
        }
        var now = DateTimeOffset.UtcNow;
        if (account.LockedUntil is { } until)
        {
            if (until > now)
            {
                // While locked the password is not even checked: guessing gains nothing, and the answer stays the same.
                return new(LoginResult.Locked, account, until);
            }
            await accounts.ResetFailuresAsync(login, ct);
        }
        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var after = await accounts.RecordFailureAsync(login, LockAfter, LockFor, ct);
            return after?.LockedUntil is { } locked && locked > now ? new(LoginResult.Locked, after, locked) : new(LoginResult.WrongPassword, after);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Re-hashed as it is stored now: the account returned carries the hash a session's stamp is taken from.
            var rehashed = hasher.HashPassword(account, password);
            await accounts.SetPasswordAsync(login, rehashed, ct);
            account = account with { PasswordHash = rehashed };
        }
        else if (account.FailedAttempts > 0)
        {
            await accounts.ResetFailuresAsync(login, ct);
        }
        return new(LoginResult.SignedIn, account);
    }
}
