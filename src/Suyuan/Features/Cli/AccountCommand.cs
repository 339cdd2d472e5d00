using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Suyuan.Features.Accounts;
using Suyuan.Hosting.Access;
using Suyuan.Storage;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan account add</c>: a web login for an admin, a regulator or enterprise staff.</summary>
internal static class AccountCommand
{
    public static Command Create()
    {
        var command = new Command("account", "Web login accounts");
        var login = new Option<string>("--login") { Description = "The login name", Required = true };
        var role = new Option<string>("--role") { Description = "admin, regulator or enterprise", Required = true };
        var department = new Option<string?>("--department") { Description = "A regulator's department code (food-drug, quality, …)" };
        var enterprise = new Option<string?>("--enterprise") { Description = "An enterprise account's unified social credit code" };
        var name = new Option<string?>("--name") { Description = "The name shown for the account" };
        var data = KeysCommand.DataOption();
        var postgres = KeysCommand.PostgresOption();
        var add = new Command("add", "Add a login; the password is read from standard input, or generated and printed once") { login, role, department, enterprise, name, data, postgres };
        add.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var password = Console.IsInputRedirected ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') : null;
            await using var store = KeysCommand.Open(parse, data, postgres);
            var database = FeatureDatabase.Of(store);
            var accounts = new AccountStore(database);
            var audit = new AuditLog(database);
            var logins = new Logins(accounts, new PasswordHasher<Account>(), audit);
            var request = new AccountRequest(parse.GetValue(login), parse.GetValue(name), parse.GetValue(role), parse.GetValue(department), parse.GetValue(enterprise)?.Trim(),
                string.IsNullOrEmpty(password) ? null : password);
            var (account, generated, problem) = await AccountsApi.CreateAsync(request, accounts, logins, ct);
            if (problem is not null)
            {
                Console.Error.WriteLine($"error: {problem.ProblemDetails.Extensions["pointer"]} {problem.ProblemDetails.Detail}");
                return problem.StatusCode == StatusCodes.Status409Conflict ? CliRun.Failed : CliRun.Usage;
            }
            await audit.AppendAsync(new AuditEntry("cli", "system", "account.add", "account:" + account!.Login, "ok", null, account.Role), ct);
            Console.Out.WriteLine($"Added {account.Role} login '{account.Login}'{For(account.Department ?? account.Enterprise)}; sign in at /login.");
            if (generated is not null)
            {
                Console.Out.WriteLine("Generated password (shown once):");
                Console.Out.WriteLine(generated);
            }
            return CliRun.Ok;
        }));
        command.Subcommands.Add(add);
        return command;
    }

    internal static string For(string? who) => who is null ? "" : " for " + who;
}
