using System.Security.Claims;
using Suyuan.Core.Domain;
using Suyuan.Storage.Accounts;

namespace Suyuan.Hosting.Access;

/// <summary>Claim types the platform's principals carry, whatever scheme signed them in (cookie, API key, OpenID Connect).</summary>
public static class AccessClaims
{
    public const string Role = "suyuan:role";
    public const string Department = "suyuan:department";
    public const string Enterprise = "suyuan:enterprise";
    public const string Scope = "suyuan:scope";
    public const string Via = "suyuan:via";
    public const string DisplayName = "suyuan:display-name";
    /// <summary>A session's stamp of the password it was opened with (<see cref="Logins.Stamp"/>): a changed password ends it.</summary>
    public const string Credential = "suyuan:credential";
}

/// <summary>Who is asking: an admin, a regulator of one department, or an enterprise (by USCC); what its key or login may do.</summary>
public sealed record Actor(string Name, string DisplayName, string Role, string? Department, string? Enterprise, IReadOnlySet<string> Scopes, string Via)
{
    public static readonly Actor Anonymous = new("anonymous", "anonymous", "anonymous", null, null, new HashSet<string>(), "none");

    public bool IsAdmin => Role == Roles.Admin;
    public bool IsRegulator => Role == Roles.Regulator;
    public bool IsEnterprise => Role == Roles.Enterprise;
    public bool IsAuthenticated => Role != Anonymous.Role;

    public bool Can(string scope) => Scopes.Contains(scope);

    /// <summary>The categories a regulator's department regulates (Categories.All); empty for others.</summary>
    public IReadOnlySet<string> RegulatedCategories =>
        Department is null ? new HashSet<string>() : Categories.All.Where(c => c.Departments.Contains(Department)).Select(c => c.Code).ToHashSet();

    public static Actor From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(AccessClaims.Role) is not { } role)
        {
            return Anonymous;
        }
        var name = user.Identity.Name ?? "unknown";
        return new(name, user.FindFirstValue(AccessClaims.DisplayName) ?? name, role, user.FindFirstValue(AccessClaims.Department), user.FindFirstValue(AccessClaims.Enterprise),
            user.FindAll(AccessClaims.Scope).Select(c => c.Value).ToHashSet(), user.FindFirstValue(AccessClaims.Via) ?? "unknown");
    }

    /// <summary>The principal of a key or login; web logins may do everything their role allows.</summary>
    public static ClaimsPrincipal Principal(string scheme, string name, string displayName, string role, string? department, string? enterprise, IEnumerable<string> scopes, string via)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(AccessClaims.DisplayName, displayName), new(AccessClaims.Role, role), new(AccessClaims.Via, via) };
        if (department is not null)
        {
            claims.Add(new(AccessClaims.Department, department));
        }
        if (enterprise is not null)
        {
            claims.Add(new(AccessClaims.Enterprise, enterprise));
        }
        claims.AddRange(scopes.Select(s => new Claim(AccessClaims.Scope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, AccessClaims.Role));
    }
}

public static class ActorExtensions
{
    public static Actor Actor(this HttpContext http) => Access.Actor.From(http.User);
}
