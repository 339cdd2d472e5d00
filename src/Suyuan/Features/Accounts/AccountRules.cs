using System.Security.Cryptography;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

/// <summary>What makes a role's account or key whole: a regulator has a department, an enterprise its USCC. Shared by the API and the CLI.</summary>
internal static class AccountRules
{
    /// <summary>null when valid; otherwise the field (JSON pointer) and why.</summary>
    public static (string Pointer, string Message)? Check(string? role, string? department, string? enterprise)
    {
        if (role is null || !Roles.All.Contains(role))
        {
            return ("/role", $"role must be one of: {string.Join(", ", Roles.All)}");
        }
        if (role == Roles.Regulator && (department is null || Departments.Find(department) is null))
        {
            return ("/department", $"a regulator needs a department, one of: {string.Join(", ", Departments.All.Select(d => d.Code))}");
        }
        if (role != Roles.Regulator && department is not null)
        {
            return ("/department", "only regulators have a department");
        }
        if (role == Roles.Enterprise)
        {
            var check = UnifiedSocialCreditCode.Validate(enterprise);
            if (!check.IsValid)
            {
                return ("/enterprise", $"an enterprise account needs its unified social credit code: {check.Reason}");
            }
        }
        else if (enterprise is not null)
        {
            return ("/enterprise", "only enterprise accounts belong to an enterprise");
        }
        return null;
    }

    /// <summary>Scopes a key gets when none are asked for: admins everything, others capture (enterprises) and read.</summary>
    public static IReadOnlyList<string> DefaultScopes(string role) => role switch
    {
        Roles.Admin => Scopes.All,
        Roles.Enterprise => [Scopes.Capture, Scopes.Read],
        _ => [Scopes.Read],
    };

    /// <summary>A password to print once: 16 characters from an alphabet without look-alikes (about 90 bits).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }

    public const int MinimumPasswordLength = 8;
}
