using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Tests.Http;
using Xunit;

namespace Suyuan.Tests.Equipment;

/// <summary>A clock the tests set: the overdue rules read the time only through TimeProvider.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>EPCIS events in the platform's vocabulary (prefix sy) for the equipment tests, and the calls they make.</summary>
public static class EquipmentEvents
{
    public const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"sy":"https://suyuan.example.cn/epcis/"}]""";
    public const string FillingStep = "https://suyuan.example.cn/epcis/bizstep/filling";
    public const string UsingStep = "https://suyuan.example.cn/epcis/bizstep/using";

    public static DateTimeOffset China(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>An ObjectEvent; <paramref name="body"/> holds the members after the common ones (JSON without the outer braces).</summary>
    public static string Object(DateTimeOffset time, string action, string bizStep, string location, string body) => $$"""
        {"@context":{{Context}},"type":"ObjectEvent","eventTime":"{{Time(time)}}","eventTimeZoneOffset":"+08:00","action":"{{action}}","bizStep":"{{bizStep}}",
         "bizLocation":{"id":"{{location}}"},{{body}}}
        """;

    public static async Task<PlatformServer> StartAsync(string provider, FakeClock clock, Action<IServiceCollection>? more = null) =>
        await PlatformServer.StartAsync(provider, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            more?.Invoke(s);
        });

    public static async Task PostAsync(this PlatformServer server, string json)
    {
        var response = await server.Client.PostAsync("events", new StringContent(json, null, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{json}");
    }

    /// <summary>
    /// Declares a captured event erroneous (EPCIS 2.0): the event again under its eventID (the 201 of a re-send names it),
    /// with an errorDeclaration.
    /// </summary>
    public static async Task DeclareErroneousAsync(this PlatformServer server, string json)
    {
        var resent = await server.Client.PostAsync("events", new StringContent(json, null, "application/json"));
        Assert.Equal(HttpStatusCode.Created, resent.StatusCode);
        var eventId = JsonDocument.Parse(await resent.Content.ReadAsStringAsync()).RootElement.GetProperty("eventID").GetString();
        await server.PostAsync("{\"eventID\":\"" + eventId + "\",\"errorDeclaration\":{\"declarationTime\":\"2026-11-09T00:00:00Z\",\"reason\":\"incorrect_data\"}," + json.TrimStart()[1..]);
    }

    public static async Task<JsonElement> GetJsonAsync(this PlatformServer server, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await server.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The kinds of every alert raised so far (after reading the elevators, which sweeps for overdue ones).</summary>
    public static async Task<List<string>> AlertKindsAsync(this PlatformServer server)
    {
        await server.GetJsonAsync("api/elevators");
        var alerts = await server.GetJsonAsync("api/alerts?limit=1000");
        return alerts.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("kind").GetString()!).ToList();
    }

    public static async Task<List<JsonElement>> AlertsAsync(this PlatformServer server, string kind)
    {
        var alerts = await server.GetJsonAsync("api/alerts?kind=" + kind);
        return alerts.GetProperty("items").EnumerateArray().ToList();
    }
}
