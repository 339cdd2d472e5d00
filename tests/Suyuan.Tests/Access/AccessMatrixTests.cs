using System.Net;
using System.Text.Json;
using Suyuan.Core.Domain;
using Suyuan.Tests.Http;
using static Suyuan.Tests.Access.AccessCity;

namespace Suyuan.Tests.Access;

/// <summary>Who may call what: anonymous, two enterprises, two regulators and an admin against every kind of endpoint.</summary>
public sealed class AccessMatrixTests
{
    /// <summary>One row per kind of endpoint: method, path, body; the callers refused (401 or 403); everyone else is let through.</summary>
    private static readonly (string Kind, HttpMethod Method, string Path, string? Body, string[] Refused)[] Matrix =
    [
        ("EPCIS capture (of A's event)", HttpMethod.Post, "capture", null, ["anonymous", "enterprise B", "regulator food-drug", "regulator quality"]),
        ("EPCIS query", HttpMethod.Get, "events", null, ["anonymous"]),
        ("EPCIS discovery", HttpMethod.Get, "bizSteps", null, ["anonymous"]),
        ("named queries", HttpMethod.Get, "queries", null, ["anonymous"]),
        ("trace API", HttpMethod.Get, "api/trace/backward?id=" + Lot, null, ["anonymous", "enterprise A", "enterprise B"]),
        ("recall impact", HttpMethod.Get, "api/recall/impact?id=" + Lot, null, ["anonymous", "enterprise A", "enterprise B"]),
        ("recall registry (list)", HttpMethod.Get, "api/recalls", null, ["anonymous"]),
        ("recall registry (start)", HttpMethod.Post, "api/recalls", "{}", ["anonymous", "enterprise A", "enterprise B"]),
        ("alerts", HttpMethod.Get, "api/alerts", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("alert acknowledgement", HttpMethod.Post, "api/alerts/999/acknowledge", "{\"note\":\"seen\"}", ["anonymous", "enterprise A", "enterprise B"]),
        ("audit", HttpMethod.Get, "api/audit", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("registry (read)", HttpMethod.Get, "api/enterprises", null, ["anonymous"]),
        ("what each enterprise reports, per day", HttpMethod.Get, "api/enterprises/activity", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("when each enterprise last reported", HttpMethod.Get, "api/enterprises/last-reported", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("registry (change)", HttpMethod.Post, "api/enterprises", "{}", ["anonymous", "enterprise A", "enterprise B", "regulator food-drug", "regulator quality"]),
        ("keys (an enterprise manages its keys signed in, not with a key)", HttpMethod.Get, "api/keys", null, ["anonymous", "enterprise A", "enterprise B", "regulator food-drug", "regulator quality"]),
        ("accounts", HttpMethod.Get, "api/accounts", null, ["anonymous", "enterprise A", "enterprise B", "regulator food-drug", "regulator quality"]),
        ("an /api path no rule names", HttpMethod.Get, "api/some-later-feature", null, ["anonymous"]),
        ("EPCIS listing of every EPC", HttpMethod.Get, "epcs", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("EPCIS listing of every location", HttpMethod.Get, "bizLocations", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("capture job list (an enterprise's lists its own)", HttpMethod.Get, "capture", null, ["anonymous"]),
        ("dashboard", HttpMethod.Get, "api/dashboard", null, ["anonymous", "enterprise A", "enterprise B"]),
        ("recording", HttpMethod.Post, "api/record/stall-sale", "{}", ["anonymous", "regulator food-drug", "regulator quality"]),
        ("category profiles", HttpMethod.Get, "api/profiles", null, []),
        ("chemical whereabouts (hazardous chemicals: work safety and police only)", HttpMethod.Get, "api/chemicals/x/whereabouts", null, ["anonymous", "enterprise A", "enterprise B", "regulator food-drug", "regulator quality"]),
        ("chemicals page", HttpMethod.Get, "regulator/chemicals", null, ["anonymous", "enterprise A", "enterprise B", "regulator food-drug", "regulator quality"]),
        ("filling check", HttpMethod.Get, "api/cylinders/x/filling-check", null, ["anonymous"]),
        ("elevator public page", HttpMethod.Get, "e/31103206022099999999", null, []),
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EveryKindOfEndpointRefusesExactlyTheCallersItShould(string provider)
    {
        await using var city = await StartAsync(provider);
        foreach (var (kind, method, path, body, refused) in Matrix)
        {
            foreach (var (name, client) in city.Callers)
            {
                using var request = new HttpRequestMessage(method, path);
                if (method == HttpMethod.Post)
                {
                    request.Content = Body(body ?? Document(Commission(LocationA)));
                }
                var response = await client.SendAsync(request);
                var because = $"{name} → {kind} ({method} /{path})";
                if (name == "anonymous" && refused.Contains(name))
                {
                    var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, because);
                    Assert.Contains("/login", problem.GetProperty("detail").GetString());
                }
                else if (refused.Contains(name))
                {
                    await AssertProblemAsync(response, HttpStatusCode.Forbidden, because);
                }
                else
                {
                    Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                        $"{because}: allowed, but got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    Assert.True((int)response.StatusCode < 500, $"{because}: {(int)response.StatusCode}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PublicPagesAnswerWithoutCredentials(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        foreach (var path in (string[])["", "health", "login", "login?lang=en", "t", "openapi/v1.json", "scalar", "qr?data=https%3A%2F%2Fid.gs1.org%2F01%2F09506000134352"])
        {
            var response = await city.Anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{path}: {(int)response.StatusCode}");
        }
        var resolver = await city.Anonymous.GetAsync("01/06901234123457");
        Assert.True(resolver.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"resolver: {(int)resolver.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnEnterpriseReadsItsOwnEventsAndThoseAddressedToItWithPagingAndCountsRight(string provider)
    {
        await using var city = await StartAsync(provider);
        Assert.Equal(["commissioning", "shipping"], await BizStepsAsync(city.A));
        Assert.Equal(["receiving", "shipping"], await BizStepsAsync(city.B));
        Assert.Equal(["receiving", "shipping"], await BizStepsAsync(city.B, perPage: 1)); // the condition is in the SQL, so every page is full and ends right
        Assert.Equal(["commissioning", "receiving", "shipping"], await BizStepsAsync(city.Admin));

        var foreign = await city.B.GetAsync("events?EQ_bizStep=commissioning");
        using var doc = JsonDocument.Parse(await foreign.Content.ReadAsStringAsync());
        Assert.Equal(0, doc.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength());
        var byResource = await city.B.GetAsync("bizSteps/commissioning/events");
        using var resource = JsonDocument.Parse(await byResource.Content.ReadAsStringAsync());
        Assert.Equal(0, resource.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength());
    }

    /// <summary>
    /// An event declared erroneous leaves the lineage, not its readers: its owner and its regulator read it and its
    /// declaration by eventID, as the admins do; the other enterprise reads neither.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnEventDeclaredErroneousIsStillReadByItsOwnerAndRegulator(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        var commission = Commission(LocationA);
        await city.CaptureAsync(city.A, commission);
        var eventId = JsonDocument.Parse(commission).RootElement.GetProperty("eventID").GetString()!;
        await city.CaptureAsync(city.A, "{\"errorDeclaration\":{\"declarationTime\":\"2024-05-09T00:00:00Z\",\"reason\":\"incorrect_data\"}," + commission.TrimStart()[1..]);

        foreach (var (client, expected) in new[] { (city.Admin, 2), (city.A, 2), (city.FoodDrug, 2), (city.B, 0), (city.Quality, 0) })
        {
            var response = await client.GetAsync("events?EQ_eventID=" + Uri.EscapeDataString(eventId));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(expected, doc.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength());
        }
        var declared = await city.A.GetAsync("events?EXISTS_errorDeclaration=true");
        using var found = JsonDocument.Parse(await declared.Content.ReadAsStringAsync());
        Assert.Equal(1, found.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARegulatorReadsTheEventsOfItsDepartmentsCategories(string provider)
    {
        await using var city = await StartAsync(provider);
        Assert.Equal(["commissioning", "shipping"], await BizStepsAsync(city.FoodDrug)); // A makes food
        Assert.Equal(["receiving", "shipping"], await BizStepsAsync(city.Quality)); // B is an elevator company; the shipment names it
        Assert.Empty(await BizStepsAsync(await city.Server.RegulatorClientAsync(Departments.Police)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ListingsAndTheirValuesShowOnlyWhatTheReaderMayRead(string provider)
    {
        await using var city = await StartAsync(provider);
        async Task<IReadOnlyList<string>> ListedAsync(HttpClient client, string path) =>
            [.. (await QueryInterface.PagesAsync(client, path + "?perPage=1")).SelectMany(QueryInterface.Members)];
        Assert.Equal([LocationA], await ListedAsync(city.FoodDrug, "bizLocations")); // A makes food
        Assert.Equal([LocationB], await ListedAsync(city.Quality, "bizLocations")); // B makes elevators
        Assert.Equal([LocationA], await ListedAsync(city.Quality, "readPoints")); // the shipment to B was read at A
        Assert.Equal([LocationA, LocationB], await ListedAsync(city.Admin, "bizLocations"));
        Assert.Empty(await ListedAsync(await city.Server.RegulatorClientAsync(Departments.Police), "bizLocations"));

        // Whether a value has events is answered for the reader too, so another enterprise's places cannot be probed.
        var a = "bizLocations/" + Uri.EscapeDataString(LocationA);
        Assert.Equal(HttpStatusCode.OK, (await city.A.GetAsync(a)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.FoodDrug.GetAsync(a)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.B.GetAsync(a)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.Quality.GetAsync(a)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.A.GetAsync("bizLocations/" + Uri.EscapeDataString(LocationB))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.B.GetAsync("readPoints/" + Uri.EscapeDataString(LocationA))).StatusCode); // addressed to B
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARegulatorTracesAndRecallsOnlyWhatConcernsItsDepartmentsCategories(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        await city.CaptureAsync(city.A, Commission(LocationA)); // the lot has been only at A, a food maker
        var lot = Uri.EscapeDataString(Lot);
        Assert.Equal(HttpStatusCode.OK, (await city.FoodDrug.GetAsync("api/trace/forward?id=" + lot)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.FoodDrug.GetAsync("api/recall/impact?id=" + lot)).StatusCode);
        foreach (var path in new[] { "api/trace/forward?id=", "api/trace/backward?id=", "api/recall/impact?id=", "api/trace/holders?id=" })
        {
            var refused = await AssertProblemAsync(await city.Quality.GetAsync(path + lot), HttpStatusCode.Forbidden, "special equipment does not regulate food");
            Assert.Contains("elevator", refused.GetProperty("detail").GetString());
        }
        // Nor recall it: goods no enterprise of its categories handled are not its to recall.
        await AssertProblemAsync(await city.Quality.PostAsync("api/recalls", Body($"{{\"id\":\"{Lot}\",\"reason\":\"melamine\"}}")),
            HttpStatusCode.Forbidden, "quality recalls goods only a food maker handled");
        Assert.Equal(HttpStatusCode.Created, (await city.FoodDrug.PostAsync("api/recalls", Body($"{{\"id\":\"{Lot}\",\"reason\":\"melamine\"}}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.Admin.GetAsync("api/trace/forward?id=" + lot)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnEnterpriseCapturesOnlyAtItsOwnLocationsOrAsSourceAndTheRefusalNamesTheField(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        var document = Document(Commission(LocationA), Receive(LocationA), Commission(LocationA), Receive(Elsewhere));
        var refused = await AssertProblemAsync(await city.A.PostAsync("capture", Body(document)), HttpStatusCode.Forbidden, "a document with another's event");
        Assert.Equal("/epcisBody/eventList/3/bizLocation/id", refused.GetProperty("pointer").GetString());
        Assert.Contains(Elsewhere, refused.GetProperty("detail").GetString());
        Assert.Empty(await BizStepsAsync(city.Admin)); // nothing of the document was stored

        var single = await AssertProblemAsync(await city.B.PostAsync("events", Body(Ship(LocationA, PartyA, LocationB, PartyB))), HttpStatusCode.Forbidden, "B ships from A's site");
        Assert.Equal("/readPoint/id", single.GetProperty("pointer").GetString());

        await city.CaptureAsync(city.A, Ship(Elsewhere, PartyA, LocationB, PartyB)); // A as the source party ships from a site it does not own
        // ... but not from a site another enterprise registered: what happens at B's place is B's to record.
        var atB = await AssertProblemAsync(await city.A.PostAsync("events", Body(Ship(LocationB, PartyA, LocationB, PartyB))), HttpStatusCode.Forbidden, "A as source at B's site");
        Assert.Equal("/readPoint/id", atB.GetProperty("pointer").GetString());
        Assert.Contains(EnterpriseB, atB.GetProperty("detail").GetString());
        var atBInDocument = await AssertProblemAsync(await city.A.PostAsync("capture", Body(Document(Commission(LocationA), Ship(LocationB.Replace("urn:epc:id:sgln:6909876.00001.0", "https://id.gs1.org/414/6909876000012", StringComparison.Ordinal), PartyA, LocationB, PartyB)))),
            HttpStatusCode.Forbidden, "A as source at B's site, written as a Digital Link");
        Assert.Equal("/epcisBody/eventList/1/readPoint/id", atBInDocument.GetProperty("pointer").GetString());
        // Nor at B's place with its own read point beside it, nor at a sub-location of B's GLN.
        var receiptAtB = Receive(LocationB).Replace("\"bizLocation\"", $"\"readPoint\":{{\"id\":\"{LocationA}\"}},\"bizLocation\"", StringComparison.Ordinal);
        Assert.Equal("/bizLocation/id", (await AssertProblemAsync(await city.A.PostAsync("events", Body(receiptAtB)), HttpStatusCode.Forbidden, "A's read point, B's bizLocation")).GetProperty("pointer").GetString());
        Assert.Equal("/readPoint/id", (await AssertProblemAsync(await city.A.PostAsync("events", Body(Ship("urn:epc:id:sgln:6909876.00001.7", PartyA, LocationB, PartyB))), HttpStatusCode.Forbidden, "A as source at a sub-location of B's site")).GetProperty("pointer").GetString());
        // Nor at B's site spelt otherwise: the URN's scheme in capitals, the link with a slash after its last value.
        foreach (var spelling in new[] { "urn:EPC:id:sgln:6909876.00001.0", "URN:EPC:ID:SGLN:6909876.00001.0", "https://id.gs1.org/414/6909876000012/" })
        {
            Assert.Equal("/readPoint/id", (await AssertProblemAsync(await city.A.PostAsync("events", Body(Ship(spelling, PartyA, LocationB, PartyB))), HttpStatusCode.Forbidden, "A as source at B's site as " + spelling)).GetProperty("pointer").GetString());
        }
        var accepted = await city.A.PostAsync("capture", Body(Document(Commission(LocationA), Receive(LocationA))));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var bulk = await city.Admin.PostAsync("capture", Body(Document(Receive(Elsewhere)))); // an admin imports for anyone
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);
    }

    /// <summary>The 201 of POST /events is the caller's own event: an eventID written as a query list never brings back another's.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task TheEventPostEventsAnswersWithIsNeverAnotherEnterprises(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        static string WithId(string evt, string id) => System.Text.RegularExpressions.Regex.Replace(evt, "\"eventID\":\"[^\"]*\"", $"\"eventID\":\"{id}\"");
        await city.CaptureAsync(city.B, WithId(Receive(LocationB), "urn:example:secret-b"));
        foreach (var id in new[] { "urn:example:mine|urn:example:secret-b", "urn:example:secret-b|urn:example:mine2" })
        {
            var response = await city.A.PostAsync("events", Body(WithId(Commission(LocationA), id)));
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(LocationB, body, StringComparison.Ordinal);
            Assert.DoesNotContain("receiving", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnEnterpriseReadsItsOwnCaptureJobsAndNoOtherEnterprises(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        var accepted = await city.A.PostAsync("capture", Body(Document(Commission(LocationA), Receive(LocationA))));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = accepted.Headers.Location!.ToString().TrimStart('/');
        Assert.Equal(HttpStatusCode.OK, (await city.A.GetAsync(job)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.Admin.GetAsync(job)).StatusCode);
        // Regulators read a job as they list them; their reads are audited, an enterprise's polling of its own jobs is not.
        Assert.Equal(HttpStatusCode.OK, (await city.FoodDrug.GetAsync(job)).StatusCode);
        using (var audited = JsonDocument.Parse(await city.Admin.GetStringAsync("api/audit?action=capture.read&limit=100")))
        {
            var kinds = audited.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("actorKind").GetString()).ToList();
            Assert.Contains("regulator", kinds);
            Assert.Contains("admin", kinds);
            Assert.DoesNotContain("enterprise", kinds);
        }
        // Another enterprise is told the job does not exist, as for an id nobody was given.
        var other = await AssertProblemAsync(await city.B.GetAsync(job), HttpStatusCode.NotFound, "B reads A's capture job");
        Assert.Equal("/captureID", other.GetProperty("pointer").GetString());

        var imported = await city.Admin.PostAsync("capture", Body(Document(Receive(Elsewhere))));
        Assert.Equal(HttpStatusCode.NotFound, (await city.A.GetAsync(imported.Headers.Location!.ToString().TrimStart('/'))).StatusCode);

        // The listing: an enterprise sees the jobs it sent, in pages, and no other party's; admins see every job.
        var second = (await city.A.PostAsync("capture", Body(Document(Receive(LocationA))))).Headers.Location!.ToString().TrimStart('/');
        static async Task<List<string>> Ids(HttpClient client, string path) =>
            [.. JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.EnumerateArray().Select(j => "capture/" + j.GetProperty("captureID").GetString())];
        Assert.Equal([second, job], await Ids(city.A, "capture"));
        Assert.Empty(await Ids(city.B, "capture"));
        Assert.Equal(3, (await Ids(city.Admin, "capture")).Count);
        var firstPage = await city.A.GetAsync("capture?perPage=1");
        Assert.Contains("rel=\"next\"", firstPage.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        var next = firstPage.Headers.GetValues("Link").Single().Split('<', '>')[1].TrimStart('/');
        Assert.Equal([job], await Ids(city.A, next));
        // A page token naming another party's job is refused like one naming no job.
        var adminToken = (await city.Admin.GetAsync("capture?perPage=1")).Headers.GetValues("Link").Single().Split('<', '>')[1].TrimStart('/');
        await AssertProblemAsync(await city.B.GetAsync(adminToken), HttpStatusCode.BadRequest, "B pages from A's job");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnEnterprisesMasterDataDescribesOnlyItsOwnLocations(string provider)
    {
        await using var city = await StartAsync(provider, withEvents: false);
        static string WithHierarchy(string parent, string child, string events) => events.Replace("\"epcisBody\"",
            $"\"epcisHeader\":{{\"epcisMasterData\":{{\"vocabularyList\":[{{\"type\":\"urn:epcglobal:epcis:vtype:BusinessLocation\",\"vocabularyElementList\":[{{\"id\":\"{parent}\",\"children\":[\"{child}\"]}}]}}]}}}},\"epcisBody\"",
            StringComparison.Ordinal);
        // B's location put under A's, or A's under B's: B's to describe. Nothing is stored.
        var under = await AssertProblemAsync(await city.A.PostAsync("capture", Body(WithHierarchy(LocationA, LocationB, Document(Commission(LocationA))))),
            HttpStatusCode.Forbidden, "A puts B's location under its own");
        Assert.Equal("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/children/0", under.GetProperty("pointer").GetString());
        var over = await AssertProblemAsync(await city.A.PostAsync("capture", Body(WithHierarchy(LocationB, LocationA, Document(Commission(LocationA))))),
            HttpStatusCode.Forbidden, "A puts its location under B's");
        Assert.Equal("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/id", over.GetProperty("pointer").GetString());
        // A place nobody registered that is not one of its own: not its to describe either.
        var unknown = await AssertProblemAsync(await city.A.PostAsync("capture", Body(WithHierarchy(LocationA, "urn:epc:id:sgln:6907777.00001.0", Document(Commission(LocationA))))),
            HttpStatusCode.Forbidden, "A puts a stranger's place under its own");
        Assert.Equal("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/children/0", unknown.GetProperty("pointer").GetString());
        // Its own site and a room of it nobody registered: taken.
        var own = await city.A.PostAsync("capture", Body(WithHierarchy(LocationA, "urn:epc:id:sgln:6901234.00001.7", Document(Commission(LocationA)))));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        // Nor may it give another enterprise's location attributes.
        var named = await AssertProblemAsync(await city.A.PostAsync("capture", Body(Document(Commission(LocationA)).Replace("\"epcisBody\"",
            $"\"epcisHeader\":{{\"epcisMasterData\":{{\"vocabularyList\":[{{\"type\":\"urn:epcglobal:epcis:vtype:BusinessLocation\",\"vocabularyElementList\":[{{\"id\":\"{LocationB}\",\"attributes\":[{{\"id\":\"cbvmda:name\",\"attribute\":\"x\"}}]}}]}}]}}}},\"epcisBody\"",
            StringComparison.Ordinal))), HttpStatusCode.Forbidden, "A names B's location's attributes");
        Assert.Equal("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/id", named.GetProperty("pointer").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ARegulatorActsForItsOwnDepartmentOnRecallsAndAlerts(string provider)
    {
        await using var city = await StartAsync(provider);
        var other = await AssertProblemAsync(await city.FoodDrug.PostAsync("api/recalls", Body($"{{\"id\":\"{Lot}\",\"reason\":\"melamine\",\"department\":\"quality\"}}")),
            HttpStatusCode.Forbidden, "food-drug orders a recall for quality");
        Assert.Equal("/department", other.GetProperty("pointer").GetString());

        var started = await city.FoodDrug.PostAsync("api/recalls", Body($"{{\"id\":\"{Lot}\",\"reason\":\"melamine\"}}"));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var recall = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        Assert.Equal(Departments.FoodDrug, recall.RootElement.GetProperty("department").GetString());
        var id = recall.RootElement.GetProperty("recallID").GetString();
        await AssertProblemAsync(await city.Quality.DeleteAsync($"api/recalls/{id}"), HttpStatusCode.Forbidden, "quality ends food-drug's recall");
        Assert.Equal(HttpStatusCode.OK, (await city.FoodDrug.DeleteAsync($"api/recalls/{id}")).StatusCode);

        var alerts = await AssertProblemAsync(await city.FoodDrug.GetAsync("api/alerts?department=quality"), HttpStatusCode.Forbidden, "food-drug lists quality's alerts");
        Assert.Equal("/query/department", alerts.GetProperty("pointer").GetString());
        Assert.Equal(HttpStatusCode.OK, (await city.FoodDrug.GetAsync("api/alerts")).StatusCode);
    }
}
