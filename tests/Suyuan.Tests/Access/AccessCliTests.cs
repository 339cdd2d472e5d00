using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Suyuan.Features.Accounts;
using Suyuan.Tests.Http;
using static Suyuan.Tests.Access.AccessCity;
using CliProcess = Suyuan.Tests.Cli.Cli;

namespace Suyuan.Tests.Access;

public sealed class AccessCliTests
{
    [Fact]
    public async Task KeysIssuePrintsTheKeyLastAndListAndRevokeFollowIt()
    {
        var data = Path.Combine(Path.GetTempPath(), "suyuan-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            var admin = await CliProcess.RunAsync(null, "keys", "issue", "--admin", "--data", data);
            Assert.Equal(0, admin.ExitCode);
            var key = admin.StdoutLines[^1];
            Assert.Matches("^sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
            var id = key.Substring(3, 12);

            var enterprise = await CliProcess.RunAsync(null, "keys", "issue", "--enterprise", EnterpriseA, "--scopes", "capture", "--data", data);
            Assert.Equal(0, enterprise.ExitCode);
            Assert.NotEqual(key, enterprise.StdoutLines[^1]);
            Assert.Equal(2, (await CliProcess.RunAsync(null, "keys", "issue", "--enterprise", "91320600MA1XY00010", "--data", data)).ExitCode); // a wrong check character

            Assert.Equal(0, (await CliProcess.RunAsync(null, "keys", "revoke", id, "--data", data)).ExitCode);
            var list = await CliProcess.RunAsync(null, "keys", "list", "--data", data);
            Assert.Contains(list.StdoutLines, l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("revoked"));
            Assert.Contains(list.StdoutLines, l => l.Contains(EnterpriseA) && l.Contains("active") && l.Contains("capture"));
            Assert.DoesNotContain(key, list.Stdout);
            Assert.Equal(1, (await CliProcess.RunAsync(null, "keys", "revoke", "000000000000", "--data", data)).ExitCode);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task AccountAddTakesThePasswordFromStdinOrGeneratesOne()
    {
        var data = Path.Combine(Path.GetTempPath(), "suyuan-accounts-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, (await CliProcess.RunAsync("given password 1\n", "account", "add", "--login", "fd", "--role", "regulator", "--department", "food-drug", "--data", data)).ExitCode);
            var generated = await CliProcess.RunAsync(null, "account", "add", "--login", "staff", "--role", "enterprise", "--enterprise", EnterpriseA, "--data", data);
            Assert.Equal(0, generated.ExitCode);
            var password = generated.StdoutLines[^1];
            Assert.Equal(16, password.Length);
            Assert.Equal(2, (await CliProcess.RunAsync(null, "account", "add", "--login", "x", "--role", "regulator", "--data", data)).ExitCode); // no department
            Assert.Equal(1, (await CliProcess.RunAsync(null, "account", "add", "--login", "fd", "--role", "admin", "--data", data)).ExitCode); // taken

            await using var server = await PlatformServer.StartAsync(configure: o => o with { DataDirectory = data });
            var client = server.AnonymousClient;
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("login", new { login = "fd", password = "given password 1" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("login", new { login = "staff", password })).StatusCode);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheDemoLoginsSignInWithTheDemoPassword(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var output = new StringWriter();
        await DemoAccounts.EnsureAsync(server.Services, output, CancellationToken.None);
        await DemoAccounts.EnsureAsync(server.Services, output, CancellationToken.None); // a restart keeps them
        Assert.Contains(DemoAccounts.Password, output.ToString());
        foreach (var login in (string[])["admin", "reg-food-drug", "reg-quality", "ent-dairy"])
        {
            var response = await server.AnonymousClient.PostAsJsonAsync("login", new { login, password = DemoAccounts.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(login, session.RootElement.GetProperty("login").GetString());
        }
    }
}
