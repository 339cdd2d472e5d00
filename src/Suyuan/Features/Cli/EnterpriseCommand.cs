using System.CommandLine;
using Suyuan.Core.Domain;
using Suyuan.Features.Registry;
using Suyuan.Hosting;
using Suyuan.Storage;
using Suyuan.Storage.Registry;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan enterprise add|list</c>: the registry from the command line, with the API's rules and one-line refusals.</summary>
internal static class EnterpriseCommand
{
    public static Command Create()
    {
        var command = new Command("enterprise", "Register and list enterprises (主体) in the registry");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Add()
    {
        var uscc = new Option<string>("--uscc") { Description = "Unified social credit code (18 characters)", Required = true };
        var name = new Option<string>("--name") { Description = "The enterprise's registered name", Required = true };
        var nodeTypes = new Option<string[]>("--node-type") { Description = $"Node type, repeatable: {string.Join(", ", NodeTypes.All.Select(n => n.Code))}", Required = true, AllowMultipleArgumentsPerToken = true };
        var region = new Option<string?>("--region") { Description = "GB/T 2260 code or Nantong district name (default: positions 3–8 of the code)" };
        var locations = new Option<string[]>("--location") { Description = "A location: GLN, SGLN EPC URI or Digital Link; repeatable", AllowMultipleArgumentsPerToken = true };
        var parties = new Option<string[]>("--party") { Description = "A party: GLN, PGLN EPC URI or Digital Link; repeatable", AllowMultipleArgumentsPerToken = true };
        var categories = new Option<string[]>("--category") { Description = "A category it must trace; repeatable (default: its node types' categories)", AllowMultipleArgumentsPerToken = true };
        var licences = new Option<string[]>("--licence") { Description = "A licence as KIND,NUMBER,yyyy-MM-dd; repeatable" };
        var contacts = new Option<string[]>("--contact") { Description = "A contact as NAME,PHONE; repeatable" };
        var confirm = new Option<bool>("--confirm-check-failure") { Description = "Accept an early code that fails the GB 32100 check (recorded as confirmed)" };
        var (data, postgres) = StoreOptions();
        var command = new Command("add", "Register one enterprise (exit 1 when refused, with the field and the reason)")
        {
            uscc, name, nodeTypes, region, locations, parties, categories, licences, contacts, confirm, data, postgres,
        };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var input = new EnterpriseInput(parse.GetValue(uscc), parse.GetValue(name), parse.GetValue(nodeTypes), parse.GetValue(region),
                [.. (parse.GetValue(licences) ?? []).Select(ReadLicence)], parse.GetValue(parties), parse.GetValue(locations),
                [.. (parse.GetValue(contacts) ?? []).Select(ReadContact)], parse.GetValue(categories), parse.GetValue(confirm));
            var (record, refusal) = EnterpriseRules.Validate(input, TimeProvider.System);
            if (refusal is not null)
            {
                Console.Error.WriteLine($"error: {Option(refusal.Pointer)} {refusal.Detail}");
                return CliRun.Failed;
            }
            await using var store = SuyuanApp.OpenStore(Options(parse.GetValue(data)!, parse.GetValue(postgres)));
            try
            {
                await new RegistryStore(FeatureDatabase.Of(store)).RegisterAsync(record!, ct);
            }
            catch (RegistryConflictException e)
            {
                Console.Error.WriteLine($"error: {Option(e.Pointer)} {e.Message}");
                return CliRun.Failed;
            }
            Console.Out.WriteLine($"registered {record!.Uscc} {record.Name} ({Regions.NameOf(record.Region)}; {string.Join(", ", record.NodeTypes)}){(record.CheckConfirmed ? " — check failure confirmed by the operator" : "")}");
            return CliRun.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var query = new Option<string?>("--q") { Description = "Name substring or USCC prefix" };
        var nodeType = new Option<string?>("--node-type") { Description = "Only this node type" };
        var category = new Option<string?>("--category") { Description = "Only this category" };
        var (data, postgres) = StoreOptions();
        var command = new Command("list", "List registered enterprises, one per line: USCC, name, region, node types, licence state") { query, nodeType, category, data, postgres };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            await using var store = SuyuanApp.OpenStore(Options(parse.GetValue(data)!, parse.GetValue(postgres)));
            var page = await new RegistryStore(FeatureDatabase.Of(store)).SearchAsync(
                new EnterpriseFilter(parse.GetValue(query), NodeType: parse.GetValue(nodeType), Category: parse.GetValue(category), Limit: 100_000), ct);
            var today = EnterpriseRules.Today(TimeProvider.System);
            foreach (var e in page.Items.Select(e => EnterpriseView.From(e, today, fullContacts: false)))
            {
                Console.Out.WriteLine($"{e.Uscc}\t{e.Name}\t{e.RegionName}\t{string.Join(',', e.NodeTypes)}\tlicences:{e.LicenceStatus}");
            }
            Console.Error.WriteLine($"{page.Total} enterprise(s)");
            return CliRun.Ok;
        }));
        return command;
    }

    private static (Option<string> Data, Option<string?> Postgres) StoreOptions() =>
        (new Option<string>("--data") { Description = "Data folder (embedded SQLite database)", DefaultValueFactory = _ => "data" },
         new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: $SUYUAN_POSTGRES); when set, PostgreSQL is the store" });

    private static ServeOptions Options(string data, string? postgres) => new()
    {
        DataDirectory = data,
        PostgresConnectionString = postgres ?? (Environment.GetEnvironmentVariable("SUYUAN_POSTGRES") is { Length: > 0 } s ? s : null),
    };

    private static LicenceInput ReadLicence(string text)
    {
        var parts = text.Split(',', 3, StringSplitOptions.TrimEntries);
        return parts.Length == 3 ? new LicenceInput(parts[0], parts[1], parts[2]) : throw new UsageException($"--licence is KIND,NUMBER,yyyy-MM-dd, not '{text}'");
    }

    private static ContactInput ReadContact(string text)
    {
        var parts = text.Split(',', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? new ContactInput(parts[0], parts[1]) : throw new UsageException($"--contact is NAME,PHONE, not '{text}'");
    }

    /// <summary>The option a refusal's pointer names (/nodeTypes/1 → --node-type #2), so the message points at what was typed.</summary>
    private static string Option(string pointer)
    {
        var parts = pointer.Trim('/').Split('/');
        var option = parts[0] switch
        {
            "uscc" => "--uscc",
            "name" => "--name",
            "nodeTypes" => "--node-type",
            "region" => "--region",
            "licences" => "--licence",
            "parties" => "--party",
            "locations" => "--location",
            "contacts" => "--contact",
            "categories" => "--category",
            _ => pointer,
        };
        return parts.Length > 1 && int.TryParse(parts[1], out var i) ? $"{option} #{i + 1} ({pointer})" : $"{option} ({pointer})";
    }
}
