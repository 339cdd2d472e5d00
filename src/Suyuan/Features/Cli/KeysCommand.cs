using System.CommandLine;
using Suyuan.Features.Accounts;
using Suyuan.Hosting;
using Suyuan.Storage;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan keys issue|revoke|list</c>: API keys straight in the store (the first admin key comes from here).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Issue, revoke and list API keys (sent as Authorization: Bearer <key>)");
        command.Subcommands.Add(Issue());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(List());
        return command;
    }

    internal static Option<string> DataOption() => new("--data") { Description = "Data folder (embedded SQLite database)", DefaultValueFactory = _ => "data" };

    internal static Option<string?> PostgresOption() => new("--postgres") { Description = "PostgreSQL connection string (default: $SUYUAN_POSTGRES); when set, PostgreSQL is the store" };

    /// <summary>Opens the store the server would open with the same options (and migrates it).</summary>
    internal static IEventStore Open(ParseResult parse, Option<string> data, Option<string?> postgres)
    {
        var connection = parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("SUYUAN_POSTGRES");
        return SuyuanApp.OpenStore(new ServeOptions { DataDirectory = parse.GetValue(data)!, PostgresConnectionString = string.IsNullOrWhiteSpace(connection) ? null : connection });
    }

    private static Command Issue()
    {
        var admin = new Option<bool>("--admin") { Description = "A platform admin key: may do everything (bulk imports for any enterprise)" };
        var enterprise = new Option<string?>("--enterprise") { Description = "An enterprise key, by unified social credit code: captures and reads its own events" };
        var regulator = new Option<string?>("--regulator") { Description = "A regulator key, by department code (food-drug, quality, …)" };
        var scopes = new Option<string?>("--scopes") { Description = $"Comma-separated scopes ({string.Join(", ", Scopes.All)}); default: the role's" };
        var label = new Option<string?>("--label") { Description = "What the key is for (shown in lists and the audit log)" };
        var data = DataOption();
        var postgres = PostgresOption();
        var command = new Command("issue", "Issue an API key; the key is the last line of the output, shown once") { admin, enterprise, regulator, scopes, label, data, postgres };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var chosen = new[] { parse.GetValue(admin) ? Roles.Admin : null, parse.GetValue(enterprise) is not null ? Roles.Enterprise : null, parse.GetValue(regulator) is not null ? Roles.Regulator : null }
                .Where(r => r is not null).ToList();
            if (chosen.Count != 1)
            {
                throw new UsageException("give exactly one of --admin, --enterprise <USCC>, --regulator <department>");
            }
            var role = chosen[0]!;
            var uscc = parse.GetValue(enterprise)?.Trim().ToUpperInvariant();
            var department = parse.GetValue(regulator)?.Trim();
            if (AccountRules.Check(role, department, uscc) is { } bad)
            {
                throw new UsageException(bad.Message);
            }
            var scopeList = parse.GetValue(scopes) is { } s ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() : [.. AccountRules.DefaultScopes(role)];
            if (scopeList.FirstOrDefault(x => !Scopes.All.Contains(x)) is { } unknown)
            {
                throw new UsageException($"unknown scope '{unknown}'; one of: {string.Join(", ", Scopes.All)}");
            }
            await using var store = Open(parse, data, postgres);
            var database = FeatureDatabase.Of(store);
            var issued = await new ApiKeyStore(database).IssueAsync(new NewApiKey(role, department, uscc, scopeList, parse.GetValue(label) ?? $"{role} key", "cli"), ct);
            await new AuditLog(database).AppendAsync(new AuditEntry("cli", "system", "key.issue", "key:" + issued.Key.Id, "ok", null, $"{role} {uscc ?? department}".Trim()), ct);
            Console.Out.WriteLine($"Issued {role} key {issued.Key.Id} ({string.Join(", ", issued.Key.Scopes)}){For(uscc ?? department)}.");
            Console.Out.WriteLine("It is shown once; send it as 'Authorization: Bearer <key>'. Revoke with: suyuan keys revoke " + issued.Key.Id);
            Console.Out.WriteLine(issued.Secret);
            return CliRun.Ok;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The key's id (the part after sy_, as 'keys list' shows it)" };
        var data = DataOption();
        var postgres = PostgresOption();
        var command = new Command("revoke", "Revoke an API key: it is refused from then on") { id, data, postgres };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            await using var store = Open(parse, data, postgres);
            var database = FeatureDatabase.Of(store);
            var keyId = parse.GetValue(id)!;
            var revoked = await new ApiKeyStore(database).RevokeAsync(keyId, "cli", ct);
            if (revoked is null)
            {
                Console.Error.WriteLine($"error: no API key '{keyId}'");
                return CliRun.Failed;
            }
            await new AuditLog(database).AppendAsync(new AuditEntry("cli", "system", "key.revoke", "key:" + keyId, "ok", null), ct);
            Console.Out.WriteLine($"Revoked key {keyId} ({revoked.Role}{For(revoked.Enterprise ?? revoked.Department)}) at {revoked.RevokedAt:yyyy-MM-dd HH:mm:ss} UTC.");
            return CliRun.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var data = DataOption();
        var postgres = PostgresOption();
        var command = new Command("list", "List API keys (ids, roles, scopes; never the secrets)") { data, postgres };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            await using var store = Open(parse, data, postgres);
            foreach (var k in await new ApiKeyStore(FeatureDatabase.Of(store)).ListAsync(null, ct))
            {
                Console.Out.WriteLine($"{k.Id}  {k.Role,-10} {(k.Enterprise ?? k.Department ?? "-"),-20} {string.Join(',', k.Scopes),-20} {(k.IsRevoked ? $"revoked {k.RevokedAt:yyyy-MM-dd}" : "active"),-18} {k.Label}");
            }
            return CliRun.Ok;
        }));
        return command;
    }

    internal static string For(string? who) => who is null ? "" : " for " + who;
}
