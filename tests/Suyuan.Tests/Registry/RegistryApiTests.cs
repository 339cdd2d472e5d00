using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting.Directory;
using Suyuan.Tests.Http;
using static Suyuan.Tests.Registry.RegistryFixtures;

namespace Suyuan.Tests.Registry;

public sealed class RegistryApiTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private const string Site = "urn:epc:id:sgln:0614141.00777.0";
    private static readonly string CanonicalSite = IdentifierConverter.Canonicalise(Site);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegistrationRoundTripsWithContactsInFullOnlyInTheSingleView(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var uscc = Uscc(1);
        var created = await PostAsync(server.Client, Enterprise(uscc, nodeTypes: ["supermarket", "group-purchaser"], parties: ["urn:epc:id:pgln:0614141.00000"]));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal($"/api/enterprises/{uscc}", created.Headers.Location!.OriginalString);

        var one = await JsonAsync(await server.Client.GetAsync($"api/enterprises/{uscc}"));
        Assert.Equal("南通测试食品有限公司", one.GetProperty("name").GetString());
        Assert.Equal("320602", one.GetProperty("region").GetString());
        Assert.Equal("崇川区", one.GetProperty("regionName").GetString());
        Assert.Equal(["group-purchaser", "supermarket"], one.GetProperty("nodeTypes").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Contains("food", one.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([CanonicalSite], one.GetProperty("locations").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["https://id.gs1.org/417/0614141000005"], one.GetProperty("parties").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"urn:suyuan:subject:320602{uscc}01", one.GetProperty("subjectCode").GetString());
        Assert.Equal("13812345678", one.GetProperty("contacts")[0].GetProperty("phone").GetString());
        Assert.Equal("valid", one.GetProperty("licenceStatus").GetString());
        Assert.False(one.GetProperty("checkConfirmed").GetBoolean());

        var list = await JsonAsync(await server.Client.GetAsync("api/enterprises"));
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        Assert.Equal("138****5678", list.GetProperty("items")[0].GetProperty("contacts")[0].GetProperty("phone").GetString());
        Assert.DoesNotContain("13812345678", await server.Client.GetStringAsync("api/directory"), StringComparison.Ordinal);

        // The enterprise itself and regulators read its contacts in full; another enterprise reads them masked.
        var itself = await server.EnterpriseClientAsync(uscc);
        Assert.Equal("13812345678", (await JsonAsync(await itself.GetAsync($"api/enterprises/{uscc}"))).GetProperty("contacts")[0].GetProperty("phone").GetString());
        var regulator = await server.RegulatorClientAsync("food-drug");
        Assert.Equal("13812345678", (await JsonAsync(await regulator.GetAsync($"api/enterprises/{uscc}"))).GetProperty("contacts")[0].GetProperty("phone").GetString());
        var another = await server.EnterpriseClientAsync(Uscc(2));
        Assert.Equal("138****5678", (await JsonAsync(await another.GetAsync($"api/enterprises/{uscc}"))).GetProperty("contacts")[0].GetProperty("phone").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnInvalidUsccIsRefusedNamingTheFieldAndTheExpectedCheckCharacterUnlessConfirmed(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var valid = Uscc(2);
        var wrong = valid[..17] + (valid[17] == '0' ? '1' : '0');
        var refused = await PostAsync(server.Client, Enterprise(wrong));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await JsonAsync(refused);
        Assert.Equal("/uscc", problem.GetProperty("pointer").GetString());
        Assert.Equal(valid[17].ToString(), problem.GetProperty("expectedCheckCharacter").GetString());
        Assert.Contains($"should be {valid[17]}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"api/enterprises/{wrong}")).StatusCode);

        var malformed = await JsonAsync(await PostAsync(server.Client, Enterprise("91320602ABC")));
        Assert.Equal("/uscc", malformed.GetProperty("pointer").GetString());

        var confirmed = await PostAsync(server.Client, Enterprise(wrong, confirm: true));
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        Assert.True((await JsonAsync(confirmed)).GetProperty("checkConfirmed").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADuplicateUsccIsAConflict(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(Uscc(3)))).StatusCode);
        var again = await PostAsync(server.Client, Enterprise(Uscc(3).ToLowerInvariant(), name: "另一家", locations: ["urn:epc:id:sgln:0614141.00888.0"]));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("/uscc", (await JsonAsync(again)).GetProperty("pointer").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnExpiredLicenceIsRefusedNamingTheFieldAndListingsShowExpiringOnes(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var expired = await PostAsync(server.Client, Enterprise(Uscc(4), validUntil: InFuture(-2)));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal("/licences/0/validUntil", (await JsonAsync(expired)).GetProperty("pointer").GetString());

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(Uscc(4), validUntil: InFuture(10)))).StatusCode);
        var listed = (await JsonAsync(await server.Client.GetAsync("api/enterprises"))).GetProperty("items")[0];
        Assert.Equal("expiring", listed.GetProperty("licenceStatus").GetString());
        Assert.Equal("expiring", listed.GetProperty("licences")[0].GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ALocationOwnedByAnotherIsAConflictNamingItAndNothingIsHalfWritten(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var directory = server.Services.GetRequiredService<IEnterpriseDirectory>();
        var owner = Uscc(5);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(owner))).StatusCode);

        var other = Uscc(6);
        const string fresh = "urn:epc:id:sgln:0614141.00999.0";
        var conflict = await server.Client.PostAsJsonAsync("api/enterprises", new
        {
            uscc = other, name = "南通后来者超市", nodeTypes = new[] { "supermarket" },
            parties = new[] { "urn:epc:id:pgln:0614142.00000" },
            locations = new[] { fresh, "0614141007776" },
        });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await JsonAsync(conflict);
        Assert.Equal("/locations/1", problem.GetProperty("pointer").GetString());
        Assert.Contains(owner, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The refused request wrote nothing: no enterprise, no party, no first location.
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"api/enterprises/{other}")).StatusCode);
        Assert.Null(await directory.OwnerOfAsync(fresh));
        Assert.Null(await directory.OwnerOfAsync("urn:epc:id:pgln:0614142.00000"));
        Assert.Equal(1, (await JsonAsync(await server.Client.GetAsync("api/enterprises"))).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(other, locations: [fresh]))).StatusCode);

        // A sub-location (the GLN with an extension), in any form, belongs to whoever registered the GLN.
        Assert.Equal(other, await directory.OwnerOfAsync("urn:epc:id:sgln:0614141.00999.7"));
        var lookup = await directory.OwnerLookupAsync();
        Assert.Equal(other, lookup("https://id.gs1.org/414/0614141009992/254/7"));
        Assert.Null(lookup("urn:epc:id:sgln:0614141.00998.7"));
        Assert.Null(lookup("not an identifier"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheDirectoryMapsPartiesAndLocationsToTheirEnterpriseAndSeesNewRegistrations(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var directory = server.Services.GetRequiredService<IEnterpriseDirectory>();
        Assert.Null(await directory.OwnerOfAsync(Site));
        var uscc = Uscc(7);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(uscc, nodeTypes: ["pharmacy"]))).StatusCode);

        Assert.Equal(uscc, await directory.OwnerOfAsync(Site));
        Assert.Equal(uscc, await directory.OwnerOfAsync(CanonicalSite));
        Assert.Equal(uscc, await directory.OwnerOfAsync("https://example.com/414/0614141007776"));
        Assert.Equal(uscc, await directory.OwnerOfAsync("https://id.gs1.org/414/0614141007776/254/0"));
        Assert.Equal(uscc, await directory.OwnerOfAsync("https://id.gs1.org/414/0614141007776/254/1")); // a sub-location nobody registered
        Assert.Contains(CanonicalSite, await directory.IdsOfAsync(uscc));
        Assert.Equal(["drug"], await directory.CategoriesOfAsync(uscc));
        Assert.Empty(await directory.IdsOfAsync(Uscc(8)));

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"api/enterprises/{uscc}")).StatusCode);
        Assert.Null(await directory.OwnerOfAsync(Site));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheDirectoryFiltersByDepartmentNameUsccPrefixRegionAndNodeTypeAndPages(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var pharmacy = DemoUscc("320612", 1);
        var market = DemoUscc("320602", 2);
        var station = DemoUscc("320681", 3);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(pharmacy, "仁济大药房（金沙店）", ["urn:epc:id:sgln:0614141.00001.0"], ["pharmacy"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(market, "和平桥农贸市场", ["urn:epc:id:sgln:0614141.00002.0"], ["vegetable-market"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(station, "启东燃气充装站", ["urn:epc:id:sgln:0614141.00003.0"], ["filling-station"]))).StatusCode);

        async Task<string[]> Usccs(string query)
        {
            var response = await server.Client.GetAsync("api/directory" + query);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return [.. (await JsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString()!)];
        }
        Assert.Equal([market, pharmacy], await Usccs("?department=food-drug")); // the market sells edible farm produce too
        Assert.Equal([pharmacy], await Usccs("?department=health"));
        Assert.Equal([market], await Usccs("?department=commerce"));
        Assert.Equal([station], await Usccs("?department=quality"));
        Assert.Equal([pharmacy], await Usccs("?q=" + Uri.EscapeDataString("大药房")));
        Assert.Equal([pharmacy], await Usccs("?q=" + pharmacy[..12].ToLowerInvariant()));
        Assert.Equal([market], await Usccs("?region=" + Uri.EscapeDataString("崇川区")));
        Assert.Equal(3, (await Usccs("?region=320600")).Length);
        Assert.Equal([station], await Usccs("?nodeType=filling-station"));
        Assert.Equal([market], await Usccs("?category=meat-vegetable"));
        Assert.Empty(await Usccs("?q=%25"));
        var page2 = await JsonAsync(await server.Client.GetAsync("api/directory?pageSize=2&page=2"));
        Assert.Equal(3, page2.GetProperty("total").GetInt64());
        Assert.Single(page2.GetProperty("items").EnumerateArray());

        var bad = await server.Client.GetAsync("api/directory?department=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("/query/department", (await JsonAsync(bad)).GetProperty("pointer").GetString());
        Assert.Equal("/query/nodeType", (await JsonAsync(await server.Client.GetAsync("api/directory?nodeType=spaceport"))).GetProperty("pointer").GetString());

        var csv = await server.Client.GetAsync("api/directory?department=health&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(pharmacy + ",仁济大药房（金沙店）,320612,通州区,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IssuedTraceCodesAndSubjectCodesAreRecordedAgainstTheEnterprise(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var uscc = Uscc(9);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(uscc))).StatusCode);
        var issued = await server.Client.PostAsJsonAsync($"api/enterprises/{uscc}/trace-codes", new { count = 5 });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var codes = (await JsonAsync(issued)).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(5, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(PlatformTraceCode.Validate(c).IsValid));
        Assert.All(codes, c => Assert.StartsWith("3206", c, StringComparison.Ordinal));
        var issuer = await JsonAsync(await server.Client.GetAsync($"api/enterprises/trace-codes/{codes[2]}"));
        Assert.Equal(uscc, issuer.GetProperty("uscc").GetString());

        var neverIssued = PlatformTraceCode.Generate("320602").Digits;
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"api/enterprises/trace-codes/{neverIssued}")).StatusCode);
        var typo = codes[0][..19] + (codes[0][19] == '0' ? '1' : '0');
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync($"api/enterprises/trace-codes/{typo}")).StatusCode);
        Assert.Equal("/count", (await JsonAsync(await server.Client.PostAsJsonAsync($"api/enterprises/{uscc}/trace-codes", new { count = 0 }))).GetProperty("pointer").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.PostAsJsonAsync($"api/enterprises/{Uscc(10)}/trace-codes", new { count = 1 })).StatusCode);

        var subject = await JsonAsync(await server.Client.PostAsync($"api/enterprises/{uscc}/subject-codes", null));
        Assert.Equal($"urn:suyuan:subject:320602{uscc}02", subject.GetProperty("subjectCode").GetString());
        var directory = server.Services.GetRequiredService<IEnterpriseDirectory>();
        Assert.Equal(uscc, await directory.OwnerOfAsync($"urn:suyuan:subject:320602{uscc}02"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheCatalogueChecksGtinsIssuesProductCodesAndLooksUpByGtin(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var bad = await server.Client.PostAsJsonAsync("api/catalogue", new { category = "food", department = "food-drug", listing = "national-key", name = "超高温灭菌乳", gtin = "6901234567891" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await JsonAsync(bad);
        Assert.Equal("/gtin", problem.GetProperty("pointer").GetString());
        Assert.Contains("should be 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("/department", (await JsonAsync(await server.Client.PostAsJsonAsync("api/catalogue", new { category = "drug", department = "police", name = "x" }))).GetProperty("pointer").GetString());

        var added = await server.Client.PostAsJsonAsync("api/catalogue", new { category = "food", department = "food-drug", listing = "national-key", name = "超高温灭菌乳", gtin = "6901234567892" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var entry = await JsonAsync(added);
        Assert.Equal("06901234567892", entry.GetProperty("gtin").GetString());
        var byGtin = await JsonAsync(await server.Client.GetAsync("api/catalogue/gtin/6901234567892"));
        Assert.Equal("超高温灭菌乳", byGtin[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("api/catalogue/gtin/6901234567891")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("api/catalogue/gtin/6901234567908")).StatusCode);

        var local = await JsonAsync(await server.Client.PostAsJsonAsync("api/catalogue", new { category = "edible-agricultural", name = "海门山羊" }));
        var code = local.GetProperty("productCode").GetString()!;
        Assert.Matches("^P3206[0-9]{10}$", code);
        Assert.Equal("local", local.GetProperty("listing").GetString());
        Assert.Equal("agriculture", local.GetProperty("department").GetString());
        Assert.Equal(PlatformTraceCode.CheckDigit(code.AsSpan(1, code.Length - 2)), code[^1]);

        var id = entry.GetProperty("id").GetInt64();
        var updated = await server.Client.PutAsJsonAsync($"api/catalogue/{id}", new { category = "food", department = "food-drug", listing = "encouraged", name = "纯牛奶", gtin = "6901234567892" });
        Assert.Equal("encouraged", (await JsonAsync(updated)).GetProperty("listing").GetString());
        Assert.Single((await JsonAsync(await server.Client.GetAsync("api/catalogue?listing=encouraged"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"api/catalogue/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"api/catalogue/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActivityCountsEventsPerEnterpriseAndDayAndTellsWhoNeverReported(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var reporting = Uscc(11);
        var silent = Uscc(12);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(reporting))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(silent, locations: ["urn:epc:id:sgln:0614141.00555.0"]))).StatusCode);
        string[] events =
        [
            Event(1, Site, "2026-11-01T09:00:00+08:00"),
            Event(2, "https://id.gs1.org/414/0614141007776/254/0", "2026-11-01T23:30:00+08:00"),
            Event(3, Site, "2026-11-01T16:30:00Z"), // 00:30 on 2 November in Nantong
            Event(4, "urn:epc:id:sgln:0614141.00444.0", "2026-11-01T10:00:00+08:00"),
        ];
        foreach (var e in events.Append(events[0]))
        {
            var response = await server.Client.PostAsync("events", new StringContent(e, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var activity = await JsonAsync(await server.Client.GetAsync("api/enterprises/activity?from=2026-10-01&to=2026-11-30"));
        var days = activity.EnumerateArray().Select(a => (a.GetProperty("uscc").GetString(), a.GetProperty("day").GetString(), a.GetProperty("events").GetInt64())).ToList();
        Assert.Equal([(reporting, "2026-11-01", 2L), (reporting, "2026-11-02", 1L)], days);

        var last = (await JsonAsync(await server.Client.GetAsync("api/enterprises/last-reported"))).EnumerateArray().ToList();
        var reported = last.Single(l => l.GetProperty("uscc").GetString() == reporting);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T16:30:00Z"), reported.GetProperty("lastEventTime").GetDateTimeOffset());
        Assert.Equal(3, reported.GetProperty("events").GetInt64());
        var never = last.Single(l => l.GetProperty("uscc").GetString() == silent);
        Assert.Equal(JsonValueKind.Null, never.GetProperty("lastEventTime").ValueKind);
        Assert.Equal(0, never.GetProperty("events").GetInt64());
        Assert.Equal("/query/from", (await JsonAsync(await server.Client.GetAsync("api/enterprises/activity?from=yesterday"))).GetProperty("pointer").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActivityOfAReplayedBatchIsCountedOnce(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var store = Store(server);
        var at = DateTimeOffset.Parse("2026-11-03T08:00:00+08:00");
        Suyuan.Storage.Registry.ActivityHit[] batch = [new(1, "loc-a", at, at), new(2, "loc-a", at, at), new(3, "loc-b", at, at)];
        await store.RecordActivityAsync("test-view", 3, batch);
        await store.RecordActivityAsync("test-view", 3, batch);
        // A batch overlapping what was counted adds only the new events.
        await store.RecordActivityAsync("test-view", 4, [.. batch, new(4, "loc-a", at, at)]);
        await using var connection = await store.Database.OpenConnectionAsync();
        var counts = await Dapper.SqlMapper.QueryAsync<(string, long)>(connection, "SELECT location_id, events FROM activity ORDER BY location_id");
        Assert.Equal([("loc-a", 3L), ("loc-b", 1L)], counts);
    }

    /// <summary>An event in the last hours of year 9999 (UTC) is counted on 9999-12-31, China time, and the view goes on.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActivityAtTheEndOfYear9999IsCountedOnItsLastDay(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var store = Store(server);
        var last = DateTimeOffset.Parse("9999-12-31T23:59:59.999Z");
        var ordinary = DateTimeOffset.Parse("2026-11-03T08:00:00+08:00");
        await store.RecordActivityAsync("test-view", 2, [new(1, "loc-a", last, ordinary), new(2, "loc-a", ordinary, ordinary)]);
        await using var connection = await store.Database.OpenConnectionAsync();
        var days = await Dapper.SqlMapper.QueryAsync<(string, long)>(connection, "SELECT day, events FROM activity ORDER BY day");
        Assert.Equal([("2026-11-03", 1L), ("9999-12-31", 1L)], days);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ATraceCodeAlreadyIssuedIsDrawnAgainNotIssuedTwice(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var uscc = Uscc(15);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(uscc))).StatusCode);
        var store = Store(server);
        var first = await store.IssueTraceCodesAsync(uscc, 2, _ => PlatformTraceCode.Generate("320602").Digits);
        // The generator repeats the first batch's codes before drawing new ones.
        var queue = new Queue<string>([.. first!.Codes, .. first.Codes]);
        var second = await store.IssueTraceCodesAsync(uscc, 3, _ => queue.Count > 0 ? queue.Dequeue() : PlatformTraceCode.Generate("320602").Digits);
        Assert.Equal(3, second!.Codes.Distinct().Count());
        Assert.Empty(second.Codes.Intersect(first.Codes));
        Assert.Equal(first.Id, (await store.IssuerOfAsync(first.Codes[0]))!.BatchId);
        foreach (var code in second.Codes)
        {
            Assert.Equal(second.Id, (await store.IssuerOfAsync(code))!.BatchId);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReplacementIsValidatedAndAtomic(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var a = Uscc(13);
        var b = Uscc(14);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(a))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(server.Client, Enterprise(b, locations: ["urn:epc:id:sgln:0614141.00666.0"]))).StatusCode);
        var conflict = await server.Client.PutAsJsonAsync($"api/enterprises/{b}", Enterprise(b, name: "改名", locations: ["urn:epc:id:sgln:0614141.00667.0", Site]));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var unchanged = await JsonAsync(await server.Client.GetAsync($"api/enterprises/{b}"));
        Assert.Equal("南通测试食品有限公司", unchanged.GetProperty("name").GetString());
        Assert.Equal([IdentifierConverter.Canonicalise("urn:epc:id:sgln:0614141.00666.0")], unchanged.GetProperty("locations").EnumerateArray().Select(l => l.GetString()));

        var renamed = await server.Client.PutAsJsonAsync($"api/enterprises/{b}", Enterprise(b, name: "改名超市", locations: ["urn:epc:id:sgln:0614141.00667.0"]));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var json = await JsonAsync(renamed);
        Assert.Equal("改名超市", json.GetProperty("name").GetString());
        Assert.Equal($"urn:suyuan:subject:320602{b}01", json.GetProperty("subjectCode").GetString());
        Assert.Equal("/uscc", (await JsonAsync(await server.Client.PutAsJsonAsync($"api/enterprises/{b}", Enterprise(a)))).GetProperty("pointer").GetString());
    }

    private static string DemoUscc(string region, long serial) => Suyuan.Features.Demo.DemoIdentifiers.Uscc('1', region, 20_000_000 + serial);
}
