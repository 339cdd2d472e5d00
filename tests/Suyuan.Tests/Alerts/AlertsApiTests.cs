using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Suyuan.Core.Domain;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Alerts;
using Suyuan.Tests.Http;
using Xunit;

namespace Suyuan.Tests.Alerts;

public sealed class AlertsApiTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    /// <summary>A rule for the tests: every event whose disposition is non_conformant breaks the chain.</summary>
    private sealed class NonConformingRule(AlertStore alerts) : IEventProjection
    {
        public string Name => "test-non-conforming";

        public async Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
        {
            foreach (var e in events.Where(e => e.String("disposition") is "non_conformant" or "https://ref.gs1.org/cbv/Disp-non_conformant"))
            {
                await alerts.RaiseAsync(new NewAlert($"test:{e.EventId}", AlertKinds.ChainBreak, Categories.Food, Departments.FoodDrug,
                    "91320602MA1XYZ0004", e.Strings("epcList"), [e.EventId], "non-conforming goods", e.EventTime), ct: ct);
            }
        }
    }

    private sealed class CountingView : IEventProjection
    {
        public List<long> Seen { get; } = [];

        public string Name => "test-counting";

        public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
        {
            Seen.AddRange(events.Select(e => e.Sequence));
            return Task.CompletedTask;
        }
    }

    /// <summary>A view during which events keep arriving: each batch it applies stores one more (a capture going on), five in all.</summary>
    private sealed class BusyView(IEventStore store) : IEventProjection
    {
        private int _added;

        public List<long> Seen { get; } = [];

        public string Name => "test-busy";

        public async Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
        {
            Seen.AddRange(events.Select(e => e.Sequence));
            if (++_added <= 5)
            {
                using var doc = JsonDocument.Parse(Event($"urn:uuid:0b1f5c9e-0000-4000-8000-0000000004{_added:D2}", "conformant", $"urn:epc:id:sgtin:0614141.107346.4{_added}"));
                Assert.True((await store.AppendAsync([new EventInput(doc.RootElement.Clone())], ct)).Accepted);
            }
        }
    }

    /// <summary>A view that cannot apply an event of a given disposition, as a view meeting data it was not written for.</summary>
    private sealed class BrokenView : IEventProjection
    {
        public int Attempts { get; private set; }

        public string Name => "test-broken";

        public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
        {
            Attempts++;
            return events.Any(e => e.String("disposition") == "non_conformant") ? throw new InvalidOperationException("cannot apply") : Task.CompletedTask;
        }
    }

    /// <summary>A view that cannot hold one event's values (as a date past year 9999 or an index row too long): it throws for any batch holding it.</summary>
    private sealed class PickyView : IEventProjection
    {
        public List<string> Applied { get; } = [];

        public int Attempts { get; private set; }

        public string Name => "test-picky";

        public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
        {
            Attempts++;
            if (events.Any(e => e.String("disposition") == "non_conformant"))
            {
                throw new ArgumentOutOfRangeException(nameof(events), "the added or subtracted value results in an un-representable DateTime");
            }
            Applied.AddRange(events.Select(e => e.EventId));
            return Task.CompletedTask;
        }
    }

    private static string Event(string id, string disposition, string epc) => $$"""
        {"type":"ObjectEvent","eventID":"{{id}}","eventTime":"2026-11-01T08:00:00+08:00","eventTimeZoneOffset":"+08:00",
         "epcList":["{{epc}}"],"action":"OBSERVE","bizStep":"inspecting","disposition":"{{disposition}}",
         "@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]}
        """;

    private static async Task<JsonElement> ListAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("api/alerts" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RulesRaiseAlertsOnceThatRegulatorsFilterAndAcknowledge(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider, services: s => s.AddSingleton<IEventProjection, NonConformingRule>());
        var client = server.Client;
        var firstResponse = await client.PostAsync("events", new StringContent(Event("urn:uuid:0b1f5c9e-0000-4000-8000-000000000001", "non_conformant", "urn:epc:id:sgtin:0614141.107346.1"), null, "application/json"));
        Assert.True(firstResponse.StatusCode == HttpStatusCode.Created, await firstResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("events", new StringContent(Event("urn:uuid:0b1f5c9e-0000-4000-8000-000000000002", "conformant", "urn:epc:id:sgtin:0614141.107346.2"), null, "application/json"))).StatusCode);
        // The same event again is stored once and alerts once.
        await client.PostAsync("events", new StringContent(Event("urn:uuid:0b1f5c9e-0000-4000-8000-000000000001", "non_conformant", "urn:epc:id:sgtin:0614141.107346.1"), null, "application/json"));

        var all = await ListAsync(client);
        var item = Assert.Single(all.GetProperty("items").EnumerateArray());
        Assert.Equal("chain-break", item.GetProperty("kind").GetString());
        Assert.Equal("food-drug", item.GetProperty("department").GetString());
        Assert.Equal("urn:epc:id:sgtin:0614141.107346.1", item.GetProperty("ids")[0].GetString());
        Assert.Equal("urn:uuid:0b1f5c9e-0000-4000-8000-000000000001", item.GetProperty("eventIDs")[0].GetString());
        Assert.False(item.GetProperty("acknowledged").GetBoolean());

        Assert.Single((await ListAsync(client, "?kind=chain-break&department=food-drug&enterprise=91320602MA1XYZ0004")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync(client, "?kind=banned-pesticide")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync(client, "?since=2099-01-01")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync(client, "?department=police")).GetProperty("items").EnumerateArray());

        var id = item.GetProperty("id").GetInt64();
        var noNote = await client.PostAsJsonAsync($"api/alerts/{id}/acknowledge", new { note = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("/note", await noNote.Content.ReadAsStringAsync());
        var ack = await client.PostAsJsonAsync($"api/alerts/{id}/acknowledge", new { note = "batch held at the market" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var first = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement;
        // Acknowledged again: the first acknowledgement stays, the new note is added below it.
        var again = JsonDocument.Parse(await (await client.PostAsJsonAsync($"api/alerts/{id}/acknowledge", new { note = "batch destroyed" })).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(first.GetProperty("acknowledgedAt").GetString(), again.GetProperty("acknowledgedAt").GetString());
        var note = again.GetProperty("note").GetString()!;
        Assert.StartsWith("batch held at the market\n", note, StringComparison.Ordinal);
        Assert.EndsWith(": batch destroyed", note, StringComparison.Ordinal);
        Assert.Single((await ListAsync(client, "?acknowledged=true")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync(client, "?acknowledged=false")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("api/alerts/999999/acknowledge", new { note = "x" })).StatusCode);
    }

    [Theory]
    [InlineData("?kind=no-such-kind", "/query/kind")]
    [InlineData("?department=nowhere", "/query/department")]
    [InlineData("?since=yesterday", "/query/since")]
    [InlineData("?acknowledged=maybe", "/query/acknowledged")]
    [InlineData("?limit=0", "/query/limit")]
    public async Task BadFiltersAreRefusedNamingTheParameter(string query, string pointer)
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await server.Client.GetAsync("api/alerts" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(pointer, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AViewThatFailsOnAnEventHoldsUpNeitherTheOtherViewsNorTheirReaders(string provider)
    {
        var broken = new BrokenView();
        await using var server = await PlatformServer.StartAsync(provider, services: s =>
        {
            s.AddSingleton<IEventProjection>(broken);
            s.AddSingleton<IEventProjection, NonConformingRule>();
        });
        var created = await server.Client.PostAsync("events", new StringContent(Event("urn:uuid:0b1f5c9e-0000-4000-8000-000000000051", "non_conformant", "urn:epc:id:sgtin:0614141.107346.51"), null, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // The rule registered after the broken view still raises its alert, and the page reading it answers.
        Assert.Single((await ListAsync(server.Client)).GetProperty("items").EnumerateArray());
        var attempts = broken.Attempts;
        Assert.True(attempts > 0);
        // The broken view stays where it was and is tried again on the next catch-up.
        Assert.Single((await ListAsync(server.Client)).GetProperty("items").EnumerateArray());
        Assert.True(broken.Attempts > attempts);
    }

    /// <summary>An event whose values a view cannot hold is passed over alone: the view applies the events around it, and does not stop.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AViewPassesOverAnEventItCannotHoldAndGoesOn(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var store = server.Services.GetRequiredService<IEventStore>();
        var ids = Enumerable.Range(0, 5).Select(i => $"urn:uuid:0b1f5c9e-0000-4000-8000-00000000040{i}").ToList();
        for (var i = 0; i < 5; i++)
        {
            using var doc = JsonDocument.Parse(Event(ids[i], i == 2 ? "non_conformant" : "conformant", $"urn:epc:id:sgtin:0614141.107346.4{i}"));
            Assert.True((await store.AppendAsync([new EventInput(doc.RootElement.Clone())])).Accepted);
        }
        var view = new PickyView();
        var runner = new ProjectionRunner(store, [view], [], NullLogger<ProjectionRunner>.Instance);
        await runner.CatchUpAsync();
        Assert.Equal(ids.Where((_, i) => i != 2), view.Applied.Where(ids.Contains));
        var attempts = view.Attempts;
        // Its position is past the event: the next catch-up, and a restarted runner, do not try it again.
        await runner.CatchUpAsync();
        await new ProjectionRunner(store, [view], [], NullLogger<ProjectionRunner>.Instance).CatchUpAsync();
        Assert.Equal(attempts, view.Attempts);
        using (var doc = JsonDocument.Parse(Event("urn:uuid:0b1f5c9e-0000-4000-8000-000000000410", "conformant", "urn:epc:id:sgtin:0614141.107346.410")))
        {
            Assert.True((await store.AppendAsync([new EventInput(doc.RootElement.Clone())])).Accepted);
        }
        await runner.CatchUpAsync();
        Assert.Equal("urn:uuid:0b1f5c9e-0000-4000-8000-000000000410", view.Applied[^1]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReaderWaitsForWhatWasStoredWhenItAskedNotForEventsArrivingMeanwhile(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var store = server.Services.GetRequiredService<IEventStore>();
        for (var i = 0; i < 3; i++)
        {
            using var doc = JsonDocument.Parse(Event($"urn:uuid:0b1f5c9e-0000-4000-8000-00000000030{i}", "conformant", $"urn:epc:id:sgtin:0614141.107346.3{i}"));
            Assert.True((await store.AppendAsync([new EventInput(doc.RootElement.Clone())])).Accepted);
        }
        var stored = await store.LastFeedSequenceAsync();
        var view = new BusyView(store);
        var runner = new ProjectionRunner(store, [view], [], NullLogger<ProjectionRunner>.Instance);
        // Before, the catch-up followed the events stored while it ran, for as long as they kept coming.
        await runner.CatchUpAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(stored, view.Seen[^1]);
        var meanwhile = await store.LastFeedSequenceAsync();
        Assert.True(meanwhile > stored, "an event was stored meanwhile");
        // The next call takes it (and the one stored while that call ran is left to the call after).
        await runner.CatchUpAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(meanwhile, view.Seen[^1]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ViewsSeeEveryEventOnceInCommitOrderAcrossRestarts(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var store = server.Services.GetRequiredService<IEventStore>();
        for (var i = 0; i < 5; i++)
        {
            using var doc = JsonDocument.Parse(Event($"urn:uuid:0b1f5c9e-0000-4000-8000-00000000010{i}", "conformant", $"urn:epc:id:sgtin:0614141.107346.{i}"));
            Assert.True((await store.AppendAsync([new EventInput(doc.RootElement.Clone())])).Accepted);
        }
        var first = new CountingView();
        await new ProjectionRunner(store, [first], [], NullLogger<ProjectionRunner>.Instance).CatchUpAsync();
        Assert.Equal(5, first.Seen.Count);
        Assert.Equal(first.Seen.Order(), first.Seen);

        using (var doc = JsonDocument.Parse(Event("urn:uuid:0b1f5c9e-0000-4000-8000-000000000200", "conformant", "urn:epc:id:sgtin:0614141.107346.9")))
        {
            await store.AppendAsync([new EventInput(doc.RootElement.Clone())]);
        }
        // A new runner (as after a restart) resumes from the saved position: only the new event.
        var second = new CountingView();
        await new ProjectionRunner(store, [second], [], NullLogger<ProjectionRunner>.Instance).CatchUpAsync();
        Assert.Single(second.Seen);
        Assert.True(second.Seen[0] > first.Seen[^1]);
    }
}
