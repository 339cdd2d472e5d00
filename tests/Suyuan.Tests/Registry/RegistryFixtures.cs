using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Suyuan.Features.Demo;
using Suyuan.Storage.Registry;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.Registry;

/// <summary>Enterprises and events for the registry tests.</summary>
internal static class RegistryFixtures
{
    /// <summary>A valid USCC registered in 崇川区 (320602), distinct per serial.</summary>
    public static string Uscc(long serial) => DemoIdentifiers.Uscc('1', "320602", 10_000_000 + serial);

    public static string InFuture(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static object Enterprise(string uscc, string name = "南通测试食品有限公司", string[]? locations = null, string[]? nodeTypes = null,
        string? validUntil = null, string? region = null, bool confirm = false, string[]? parties = null) => new
    {
        uscc,
        name,
        nodeTypes = nodeTypes ?? ["supermarket"],
        region,
        licences = new[] { new { kind = "食品经营许可证", number = "JY13206020001234", validUntil = validUntil ?? InFuture(400) } },
        parties = parties ?? [],
        locations = locations ?? ["urn:epc:id:sgln:0614141.00777.0"],
        contacts = new[] { new { name = "王建国", phone = "13812345678" } },
        confirmCheckFailure = confirm,
    };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, object enterprise) => await client.PostAsJsonAsync("api/enterprises", enterprise);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string Event(int n, string location, string time) => $$"""
        {"type":"ObjectEvent","eventID":"urn:uuid:5a1e0000-0000-4000-8000-{{n:D12}}","eventTime":"{{time}}","eventTimeZoneOffset":"+08:00",
         "epcList":["urn:epc:id:sgtin:0614141.107346.{{n}}"],"action":"OBSERVE","bizStep":"receiving","bizLocation":{"id":"{{location}}"},
         "@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]}
        """;


    public static RegistryStore Store(PlatformServer server) => (RegistryStore)server.Services.GetService(typeof(RegistryStore))!;
}
