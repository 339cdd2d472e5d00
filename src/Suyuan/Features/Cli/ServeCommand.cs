using System.CommandLine;
using Suyuan.Features.Demo;
using Suyuan.Hosting;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan serve</c>: runs the platform.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var data = new Option<string>("--data") { Description = "Data folder (embedded SQLite database, capture spool)", DefaultValueFactory = _ => "data" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: $SUYUAN_POSTGRES); when set, PostgreSQL is the store" };
        var demo = new Option<bool>("--demo") { Description = "Seed the demo city (Nantong) through capture when the store is empty" };
        var command = new Command("serve", "Run the platform: EPCIS 2.0 capture and query API, trace, pages") { urls, data, postgres, demo };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var options = new ServeOptions
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = parse.GetValue(data)!,
                PostgresConnectionString = parse.GetValue(postgres) ?? NullIfEmpty(Environment.GetEnvironmentVariable("SUYUAN_POSTGRES")),
                Demo = parse.GetValue(demo),
            };
            var app = SuyuanApp.Create(options);
            await app.StartAsync(ct);
            foreach (var address in app.Urls)
            {
                Console.Out.WriteLine($"Suyuan is running at {address}/  (API reference: {address}/scalar)");
            }
            // `dotnet run` runs in the project's folder, so a relative --data is not where a user in the checkout's root looks.
            Console.Out.WriteLine(options.PostgresConnectionString is null
                ? $"Data: {Path.GetFullPath(options.DataDirectory)} (events.db, audit.db, spool/, keys/)"
                : $"Data: PostgreSQL; capture spool and keys in {Path.GetFullPath(options.DataDirectory)}");
            if (options.Demo)
            {
                await Accounts.DemoAccounts.EnsureAsync(app.Services, Console.Out, ct);
                _ = DemoSeeding.StartInBackground(app.Services, app.Urls.First(), app.Lifetime.ApplicationStopping);
            }
            await app.WaitForShutdownAsync(ct);
            return CliRun.Ok;
        }));
        return command;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
