using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Suyuan.Core.Domain;
using Suyuan.Tests.Http;
using static Suyuan.Tests.Access.AccessCity;

namespace Suyuan.Tests.Access;

public sealed class KeysAndLoginsTests
{
    private static HttpClient WithKey(PlatformServer server, string key) => server.NewClient(key);

    private static HttpClient Browser(PlatformServer server)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARotatedKeyKeepsWorkingUntilRevokedThenIsRefusedWithAClearMessage(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        var issued = await city.Admin.PostAsJsonAsync("api/keys", new { role = "enterprise", enterprise = EnterpriseA, label = "ERP" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        using var first = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        var oldKey = first.RootElement.GetProperty("key").GetString()!;
        var oldId = first.RootElement.GetProperty("id").GetString()!;
        Assert.StartsWith($"sy_{oldId}_", oldKey);

        using var second = JsonDocument.Parse(await (await city.Admin.PostAsJsonAsync("api/keys", new { role = "enterprise", enterprise = EnterpriseA, label = "ERP 2" })).Content.ReadAsStringAsync());
        var newKey = second.RootElement.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await WithKey(city.Server, oldKey).GetAsync("api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithKey(city.Server, newKey).GetAsync("api/session")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await city.Admin.DeleteAsync($"api/keys/{oldId}")).StatusCode);
        var revoked = await AssertProblemAsync(await WithKey(city.Server, oldKey).GetAsync("events"), HttpStatusCode.Unauthorized, "revoked key");
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await WithKey(city.Server, newKey).GetAsync("events")).StatusCode);
        // HTTP Basic (the scheme the binding's OpenAPI document declares): the key as the password, or as the user name alone.
        foreach (var credentials in new[] { "erp:" + newKey, newKey + ":" })
        {
            using var basic = new HttpRequestMessage(HttpMethod.Get, "events");
            basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
            Assert.Equal(HttpStatusCode.OK, (await city.Server.AnonymousClient.SendAsync(basic)).StatusCode);
        }
        // A proxy's own Basic credentials are no key: a signed-in session behind it still works; alone they are no caller.
        using (var proxied = new HttpRequestMessage(HttpMethod.Get, "events"))
        {
            proxied.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("proxyuser:proxypass")));
            Assert.Equal(HttpStatusCode.Unauthorized, (await city.Server.AnonymousClient.SendAsync(proxied)).StatusCode);
        }
        using (var basicRevoked = new HttpRequestMessage(HttpMethod.Get, "events"))
        {
            basicRevoked.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("erp:" + oldKey)));
            Assert.Contains("revoked", (await AssertProblemAsync(await city.Server.AnonymousClient.SendAsync(basicRevoked), HttpStatusCode.Unauthorized, "revoked key by Basic")).GetProperty("detail").GetString());
        }

        var unknown = await AssertProblemAsync(await WithKey(city.Server, oldKey[..^4] + "AAAA").GetAsync("events"), HttpStatusCode.Unauthorized, "unknown key");
        Assert.Contains("not known", unknown.GetProperty("detail").GetString());
        await AssertProblemAsync(await WithKey(city.Server, "not-a-key").GetAsync("events"), HttpStatusCode.Unauthorized, "malformed key");

        using var list = JsonDocument.Parse(await city.Admin.GetStringAsync("api/keys"));
        Assert.DoesNotContain(list.RootElement.EnumerateArray(), k => k.TryGetProperty("key", out _)); // secrets are never listed
        Assert.True(list.RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == oldId).GetProperty("revoked").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SignedInEnterpriseStaffManageTheirOwnKeysOnly(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        Assert.Equal(HttpStatusCode.Created, (await city.Admin.PostAsJsonAsync("api/accounts", new { login = "a-staff", role = "enterprise", enterprise = EnterpriseA, password = "correct horse" })).StatusCode);
        var staff = Browser(city.Server);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync("login", new { login = "a-staff", password = "correct horse" })).StatusCode);

        var own = await staff.PostAsJsonAsync("api/keys", new { label = "scale" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        using var ownKey = JsonDocument.Parse(await own.Content.ReadAsStringAsync());
        Assert.Equal(EnterpriseA, ownKey.RootElement.GetProperty("details").GetProperty("enterprise").GetString());
        var foreign = await AssertProblemAsync(await staff.PostAsJsonAsync("api/keys", new { enterprise = EnterpriseB }), HttpStatusCode.Forbidden, "A issues a key for B");
        Assert.Equal("/enterprise", foreign.GetProperty("pointer").GetString());
        await AssertProblemAsync(await staff.PostAsJsonAsync("api/keys", new { role = "admin" }), HttpStatusCode.Forbidden, "A issues an admin key");

        using var bKey = JsonDocument.Parse(await (await city.Admin.PostAsJsonAsync("api/keys", new { role = "enterprise", enterprise = EnterpriseB })).Content.ReadAsStringAsync());
        await AssertProblemAsync(await staff.DeleteAsync($"api/keys/{bKey.RootElement.GetProperty("id").GetString()}"), HttpStatusCode.NotFound, "A revokes B's key");
        using var listed = JsonDocument.Parse(await staff.GetStringAsync("api/keys"));
        Assert.All(listed.RootElement.EnumerateArray(), k => Assert.Equal(EnterpriseA, k.GetProperty("enterprise").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FiveWrongPasswordsLockTheAccountAndTheTenthGetsTheSameLockedAnswer(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        Assert.Equal(HttpStatusCode.Created, (await city.Admin.PostAsJsonAsync("api/accounts", new { login = "fd", role = "regulator", department = "food-drug", password = "right password" })).StatusCode);
        var browser = Browser(city.Server);
        var answers = new List<string>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var wrong = await AssertProblemAsync(await browser.PostAsJsonAsync("login", new { login = "fd", password = "wrong " + attempt }), HttpStatusCode.Unauthorized, $"wrong password {attempt}");
            answers.Add(wrong.GetProperty("detail").GetString()!);
        }
        Assert.All(answers.Take(4), a => Assert.Equal("Wrong login or password.", a));
        Assert.All(answers.Skip(4), a => Assert.StartsWith("The account is locked for 15 minutes after 5 wrong passwords", a));
        var right = await AssertProblemAsync(await browser.PostAsJsonAsync("login", new { login = "fd", password = "right password" }), HttpStatusCode.Unauthorized, "the right password while locked");
        Assert.StartsWith("The account is locked", right.GetProperty("detail").GetString());

        var page = await browser.PostAsync("login", new FormUrlEncodedContent([new("login", "fd"), new("password", "x")]));
        Assert.Contains("账户已锁定", await page.Content.ReadAsStringAsync());
        var unknown = await browser.PostAsync("login", new FormUrlEncodedContent([new("login", "nobody"), new("password", "x")]));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("用户名或密码错误", await unknown.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ASignedInLoginChangesItsOwnPasswordGivenTheCurrentOne(string provider)
    {
        await using var city = await StartAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await city.Admin.PostAsJsonAsync("api/accounts", new { login = "b-staff", role = "enterprise", enterprise = EnterpriseB, password = "first password" })).StatusCode);
        var browser = Browser(city.Server);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("login", new FormUrlEncodedContent([new("login", "b-staff"), new("password", "first password")]))).StatusCode);

        // The signed-in page offers the form.
        Assert.Contains("id=\"password-change\"", await browser.GetStringAsync("login"), StringComparison.Ordinal);
        // A second session of the same login, on another device.
        var device = Browser(city.Server);
        Assert.Equal(HttpStatusCode.Redirect, (await device.PostAsync("login", new FormUrlEncodedContent([new("login", "b-staff"), new("password", "first password")]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("api/session")).StatusCode);

        Assert.Equal("/currentPassword", await ProblemPointerAsync(await browser.PostAsJsonAsync("account/password", new { currentPassword = "wrong password", newPassword = "second password" })));
        Assert.Equal("/newPassword", await ProblemPointerAsync(await browser.PostAsJsonAsync("account/password", new { currentPassword = "first password", newPassword = "short" })));
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync("account/password", new { currentPassword = "first password", newPassword = "second password" })).StatusCode);
        // The session that changed it goes on; the other one, opened with the old password, has ended.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/session")).StatusCode);
        await AssertProblemAsync(await device.GetAsync("api/session"), HttpStatusCode.Unauthorized, "a session opened with the old password");

        // The form does it too, in zh-CN, and says so.
        var page = await browser.PostAsync("account/password", new FormUrlEncodedContent([new("currentPassword", "second password"), new("newPassword", "third password")]));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("密码已修改", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var other = Browser(city.Server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostAsJsonAsync("login", new { login = "b-staff", password = "first password" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("login", new { login = "b-staff", password = "third password" })).StatusCode);

        // A forgotten password: an admin resets it, to a generated one shown once (or one given); nobody else may.
        using var reset = JsonDocument.Parse(await (await city.Admin.PostAsJsonAsync("api/accounts/b-staff/password", new { })).Content.ReadAsStringAsync());
        var generated = reset.RootElement.GetProperty("password").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser(city.Server).PostAsJsonAsync("login", new { login = "b-staff", password = "third password" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser(city.Server).PostAsJsonAsync("login", new { login = "b-staff", password = generated })).StatusCode);
        await AssertProblemAsync(await browser.GetAsync("api/session"), HttpStatusCode.Unauthorized, "a session from before the reset");
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("login", new { login = "b-staff", password = generated })).StatusCode);
        Assert.Equal("/password", await ProblemPointerAsync(await city.Admin.PostAsJsonAsync("api/accounts/b-staff/password", new { password = "short" })));
        await AssertProblemAsync(await city.Admin.PostAsJsonAsync("api/accounts/nobody/password", new { }), HttpStatusCode.NotFound, "an unknown login");
        await AssertProblemAsync(await browser.PostAsJsonAsync("api/accounts/b-staff/password", new { password = "mine now!" }), HttpStatusCode.Forbidden, "an enterprise resets a password");

        // An API key has no password; nobody signed out changes one.
        Assert.Equal("", await ProblemPointerAsync(await city.Admin.PostAsJsonAsync("account/password", new { currentPassword = "x", newPassword = "yyyyyyyyyy" })));
        await AssertProblemAsync(await city.Server.AnonymousClient.PostAsJsonAsync("account/password", new { currentPassword = "x", newPassword = "yyyyyyyyyy" }), HttpStatusCode.Unauthorized, "signed out");
    }

    private static async Task<string?> ProblemPointerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("pointer").GetString();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ALoginCarriesItsRoleInTheSessionCookieUntilLogout(string provider)
    {
        await using var city = await StartAsync(provider);
        using var created = JsonDocument.Parse(await (await city.Admin.PostAsJsonAsync("api/accounts", new { login = "quality-1", role = "regulator", department = "quality" })).Content.ReadAsStringAsync());
        var password = created.RootElement.GetProperty("password").GetString()!; // generated, shown once
        var browser = Browser(city.Server);
        await AssertProblemAsync(await browser.GetAsync("api/session"), HttpStatusCode.Unauthorized, "before login");
        var form = await browser.PostAsync("login", new FormUrlEncodedContent([new("login", "quality-1"), new("password", password)]));
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);

        using var session = JsonDocument.Parse(await browser.GetStringAsync("api/session"));
        Assert.Equal("regulator", session.RootElement.GetProperty("role").GetString());
        Assert.Equal(Departments.Quality, session.RootElement.GetProperty("department").GetString());
        Assert.Equal("login", session.RootElement.GetProperty("via").GetString());
        Assert.Equal(["receiving", "shipping"], await BizStepsAsync(browser)); // the regulator's reading limits hold for logins too
        await AssertProblemAsync(await browser.GetAsync("api/keys"), HttpStatusCode.Forbidden, "a regulator manages keys");

        await browser.PostAsync("logout", new FormUrlEncodedContent([]));
        await AssertProblemAsync(await browser.GetAsync("api/session"), HttpStatusCode.Unauthorized, "after logout");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARegulatorReadsTheAuditRowsOfItsDepartmentAndOfTheEnterprisesItRegulates(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        var everyone = new[] { city.A, city.B, city.FoodDrug, city.Quality, city.Admin };
        var names = new Dictionary<HttpClient, string>();
        foreach (var client in everyone)
        {
            using var session = JsonDocument.Parse(await client.GetStringAsync("api/session"));
            names[client] = session.RootElement.GetProperty("login").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("events")).StatusCode);
        }
        await Browser(city.Server).PostAsJsonAsync("login", new { login = "nobody", password = "guess" });

        async Task<HashSet<string>> ActorsSeenBy(HttpClient reader)
        {
            using var doc = JsonDocument.Parse(await reader.GetStringAsync("api/audit?limit=1000"));
            return doc.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("actor").GetString()!).ToHashSet();
        }
        var all = await ActorsSeenBy(city.Admin);
        Assert.Superset(names.Values.Append("nobody").ToHashSet(), all);

        // Food-drug regulates food (enterprise A); quality regulates elevators (enterprise B). Admins' rows stay with admins.
        var foodDrug = await ActorsSeenBy(city.FoodDrug);
        Assert.Superset(new HashSet<string> { names[city.FoodDrug], names[city.A], "nobody" }, foodDrug);
        Assert.DoesNotContain(names[city.Quality], foodDrug);
        Assert.DoesNotContain(names[city.B], foodDrug);
        Assert.DoesNotContain(names[city.Admin], foodDrug);
        var quality = await ActorsSeenBy(city.Quality);
        Assert.Superset(new HashSet<string> { names[city.Quality], names[city.B] }, quality);
        Assert.DoesNotContain(names[city.FoodDrug], quality);
        Assert.DoesNotContain(names[city.A], quality);

        // Asking for another actor's rows by name gives none of them, not an error.
        using var asked = JsonDocument.Parse(await city.FoodDrug.GetStringAsync("api/audit?actor=" + Uri.EscapeDataString(names[city.Quality])));
        Assert.Empty(asked.RootElement.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheAuditLogRecordsWritesConfidentialReadsLoginsAndKeyUseAndPages(string provider)
    {
        await using var city = await StartAsync(provider);
        await Browser(city.Server).PostAsJsonAsync("login", new { login = "nobody", password = "guess" });
        await city.FoodDrug.GetAsync("events");
        await city.FoodDrug.GetAsync("api/trace/backward?id=" + Uri.EscapeDataString(Lot));
        await city.A.GetAsync("api/trace/backward?id=" + Uri.EscapeDataString(Lot)); // refused, and recorded as such

        async Task<List<JsonElement>> Rows(string query)
        {
            using var doc = JsonDocument.Parse(await city.Admin.GetStringAsync("api/audit?" + query));
            return doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
        }
        var captures = await Rows("action=events.capture");
        Assert.Equal(3, captures.Count);
        Assert.All(captures, r => Assert.Equal("201", r.GetProperty("outcome").GetString()));
        // A capture the endpoint refuses (A records at B's site) is a refusal too.
        Assert.Equal(HttpStatusCode.Forbidden, (await city.A.PostAsync("events", Body(Receive(LocationB)))).StatusCode);
        Assert.Contains(await Rows("action=events.capture"), r => r.GetProperty("outcome").GetString() == "denied" && r.GetProperty("actorKind").GetString() == "enterprise");
        Assert.All(captures, r => Assert.Equal("enterprise", r.GetProperty("actorKind").GetString()));
        Assert.Contains(await Rows("action=login"), r => r.GetProperty("actor").GetString() == "nobody" && r.GetProperty("outcome").GetString() == "failed");
        var traces = await Rows("action=trace.read");
        Assert.Contains(traces, r => r.GetProperty("actorKind").GetString() == "regulator" && r.GetProperty("outcome").GetString() == "200");
        Assert.Contains(traces, r => r.GetProperty("actorKind").GetString() == "enterprise" && r.GetProperty("outcome").GetString() == "denied");
        Assert.NotEmpty(await Rows("action=key.use"));
        Assert.NotEmpty(await Rows("action=events.query"));

        var firstPage = JsonDocument.Parse(await city.Admin.GetStringAsync("api/audit?limit=2")).RootElement;
        var before = firstPage.GetProperty("nextBefore").GetInt64();
        var secondPage = JsonDocument.Parse(await city.Admin.GetStringAsync($"api/audit?limit=2&before={before}")).RootElement;
        Assert.True(secondPage.GetProperty("items")[0].GetProperty("id").GetInt64() < before);
        Assert.Empty(await Rows("since=2999-01-01"));
        await AssertProblemAsync(await city.Admin.GetAsync("api/audit?since=yesterday"), HttpStatusCode.BadRequest, "a bad date");
    }
}
