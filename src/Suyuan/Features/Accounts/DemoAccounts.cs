using Suyuan.Core.Domain;
using Suyuan.Features.Demo;
using Suyuan.Hosting.Access;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

/// <summary><c>serve --demo</c>: logins a newcomer can try (an admin, a regulator per department, staff of a few demo enterprises). Demo only.</summary>
internal static class DemoAccounts
{
    /// <summary>Every demo login has this password: it is printed and in the README, so never use --demo with real data.</summary>
    public const string Password = "suyuan-demo";

    public static IReadOnlyList<NewAccountSpec> All()
    {
        var city = new DemoCity(DemoPlan.DefaultSeed, 1);
        var list = new List<NewAccountSpec> { new("admin", "平台管理员", Roles.Admin, null, null) };
        list.AddRange(Departments.All.Select(d => new NewAccountSpec("reg-" + d.Code, d.NameZh, Roles.Regulator, d.Code, null)));
        (string Login, Enterprise E)[] staff =
        [
            ("ent-slaughterhouse", city.Slaughterhouses[0]), ("ent-dairy", city.Dairy), ("ent-drug-maker", city.DrugMaker),
            ("ent-pharmacy", city.Pharmacies[0]), ("ent-elevator", city.ElevatorMaintainer),
        ];
        list.AddRange(staff.Select(x => new NewAccountSpec(x.Login, x.E.Name, Roles.Enterprise, null, x.E.Uscc)));
        return list;
    }

    public sealed record NewAccountSpec(string Login, string DisplayName, string Role, string? Department, string? Enterprise);

    /// <summary>Adds the demo logins that are missing and prints them all with the demo password.</summary>
    public static async Task EnsureAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var accounts = services.GetRequiredService<AccountStore>();
        var logins = services.GetRequiredService<Logins>();
        var hash = logins.Hash(Password);
        foreach (var a in All())
        {
            await accounts.CreateAsync(new NewAccount(a.Login, a.DisplayName, hash, a.Role, a.Department, a.Enterprise), ct);
        }
        output.WriteLine($"demo: sign in at /login with one of these logins, password '{Password}' (demo only):");
        output.WriteLine("demo:   admin (platform admin); reg-<department> for " + string.Join(", ", Departments.All.Select(d => d.Code)));
        output.WriteLine("demo:   " + string.Join(", ", All().Where(a => a.Role == Roles.Enterprise).Select(a => $"{a.Login} ({a.DisplayName})")));
    }
}
