using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Suyuan.Core.Identifiers;

namespace Suyuan.Tests.PublicTrace;

/// <summary>The public side over the seeded demo city: negotiation, the Digital Link resolver, caching, QR images and the recall registry.</summary>
public sealed class PublicTraceTests(DemoCityServer demo) : IClassFixture<DemoCityServer>
{
    private HttpClient Client => demo.Server.Client;

    [Fact]
    public async Task TraceCodeAnswersJsonToMachinesWithThePorkChainsPapers()
    {
        using var response = await Client.GetAsync($"t/{demo.PorkReceipt}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("白条猪肉", root.GetProperty("productName").GetString());
        Assert.Contains("屠宰", root.GetProperty("producer").GetString());
        var papers = root.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("meatInspectionCertificate", papers);
        Assert.Contains("quarantineCertificate", papers);
        Assert.Contains(root.GetProperty("chain").EnumerateArray(), s => s.GetProperty("bizStep").GetString() == "killing");
    }

    [Fact]
    public async Task TraceCodeAnswersHtmlToBrowsersAndJsonForFormatJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"t/{demo.PorkReceipt}");
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var html = await Client.SendAsync(request);
        using var forced = await Client.GetAsync($"t/{demo.PorkReceipt}?format=json");

        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("肉品品质检验合格证", await html.Content.ReadAsStringAsync());
        Assert.Equal("application/json", forced.Content.Headers.ContentType?.MediaType);
        // In English the chain's papers are named in English too (a client of its own: the language choice is remembered).
        using var reader = demo.Server.AnonymousClient;
        using var inEnglish = new HttpRequestMessage(HttpMethod.Get, $"t/{demo.PorkReceipt}?lang=en");
        inEnglish.Headers.Accept.ParseAdd("text/html");
        var english = await (await reader.SendAsync(inEnglish)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("动物检疫合格证明", english);
        Assert.Contains("Animal quarantine certificate", english);
    }

    [Fact]
    public async Task PublicAnswersCarryNoPriceAmountWeightOrBuyerOfTheChain()
    {
        var events = await Client.GetStringAsync($"events?MATCH_anyEPC={Uri.EscapeDataString("urn:suyuan:trace:" + demo.PorkReceipt)}");
        var price = JsonDocument.Parse(events).RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")[0]
            .GetProperty("sy:receipt").GetProperty("sy:unitPriceYuanPerKg").GetRawText();

        var json = await Client.GetStringAsync($"t/{demo.PorkReceipt}?format=json");
        var html = await Client.GetStringAsync($"t/{demo.PorkReceipt}?format=html");

        foreach (var body in new[] { json, html })
        {
            Assert.DoesNotContain(price, body);
            foreach (var secret in new[] { "unitPrice", "amountYuan", "weightKg", "buyer", "trader", "officialVet", "vehiclePlate", "单价", "金额" })
            {
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task TraceCodeWithSpacesAndHyphensIsTheSameCode()
    {
        var spaced = string.Join('-', Enumerable.Range(0, 5).Select(i => demo.PorkReceipt.Substring(i * 4, 4)));

        using var response = await Client.GetAsync($"t/{spaced}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownTraceCodeIsAFriendly404()
    {
        var unknown = PlatformTraceCode.Generate("3206").Digits;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"t/{unknown}");
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("未找到该追溯码", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DigitalLinkWithABadCheckDigitIsAFriendly400()
    {
        var good = demo.MilkLotPath;
        var gtin = good.Split('/')[2];
        var bad = good.Replace(gtin, gtin[..13] + (char)('0' + (gtin[13] - '0' + 1) % 10), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, bad.TrimStart('/'));
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("追溯码无效", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DigitalLinkOfAMilkLotResolvesWithItsBatchAndLinks()
    {
        using var response = await Client.GetAsync(demo.MilkLotPath.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("纯牛奶", root.GetProperty("productName").GetString());
        Assert.Contains(root.GetProperty("product").EnumerateArray(), f => f.GetProperty("name").GetString() == "bestBeforeDate");
        Assert.DoesNotContain(root.GetProperty("product").EnumerateArray(), f => f.GetProperty("name").GetString() == "milkingDate");
        Assert.Contains("rel=\"gs1:pip\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task DigitalLinkOfAProductListsItsLots()
    {
        var gtinPath = string.Join('/', demo.MilkLotPath.Split('/').Take(3));

        var root = JsonDocument.Parse(await Client.GetStringAsync(gtinPath.TrimStart('/'))).RootElement;

        Assert.Contains(root.GetProperty("lots").EnumerateArray(), l => l.GetString() == demo.MilkLotPath);
    }

    [Fact]
    public async Task SameAnswerIsNotSentTwiceToACacheHoldingItsETag()
    {
        using var first = await Client.GetAsync($"t/{demo.PorkReceipt}");
        var etag = first.Headers.ETag!;
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"t/{demo.PorkReceipt}");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task QrPngIsAPngOfWholeModulesWithAQuietZone()
    {
        using var response = await Client.GetAsync($"qr/{demo.PorkReceipt}.png?scale=4");

        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.Equal(width, height);
        Assert.Equal(0, width % 4);
        var modules = width / 4 - 8; // 4 quiet-zone modules each side
        Assert.True(modules >= 21 && (modules - 17) % 4 == 0, $"{modules} modules is not a QR symbol size");
    }

    [Fact]
    public async Task QrSvgOfADigitalLinkAndRefusalOfOtherUrls()
    {
        var link = "https://id.gs1.org" + demo.MilkLotPath;

        using var svg = await Client.GetAsync($"qr?format=svg&data={Uri.EscapeDataString(link)}");
        using var other = await Client.GetAsync($"qr?data={Uri.EscapeDataString("https://phishing.example.com/login")}");

        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);

        // A link too long for any QR code, and a scale outside 1-40: each a 400 naming its parameter.
        using var tooLong = await Client.GetAsync($"qr?data={Uri.EscapeDataString(link + "?x=" + new string('A', 3500))}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("/data", JsonDocument.Parse(await tooLong.Content.ReadAsStringAsync()).RootElement.GetProperty("pointer").GetString());
        foreach (var scale in new[] { 0, -1, 41 })
        {
            using var badScale = await Client.GetAsync($"qr?scale={scale}&data={Uri.EscapeDataString(link)}");
            Assert.Equal(HttpStatusCode.BadRequest, badScale.StatusCode);
            Assert.Equal("/scale", JsonDocument.Parse(await badScale.Content.ReadAsStringAsync()).RootElement.GetProperty("pointer").GetString());
        }
    }

    /// <summary>Whom to call in a recall: the parties and locations on it carry their registered enterprise's name and contact.</summary>
    [Fact]
    public async Task ARecallsPartiesAndLocationsNameTheirRegisteredEnterprise()
    {
        var impact = JsonDocument.Parse(await Client.GetStringAsync("api/recall/impact?id=" + Uri.EscapeDataString(demo.PorkLot))).RootElement;
        var named = impact.GetProperty("parties").EnumerateArray().Concat(impact.GetProperty("locations").EnumerateArray())
            .Where(p => p.GetProperty("name").ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, p => Assert.Equal(JsonValueKind.String, p.GetProperty("contact").ValueKind));
    }

    [Fact]
    public async Task RecallOfTheCarcassLotShowsOnTheReceiptUntilItEnds()
    {
        using var created = await Client.PostAsJsonAsync("api/recalls", new { id = demo.PorkLot, reason = "检出违禁药物残留", department = "市农委" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var recallId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("recallID").GetString();
        var during = JsonDocument.Parse(await Client.GetStringAsync($"t/{demo.PorkReceipt}?format=json")).RootElement;
        using var reader = demo.Server.AnonymousClient;
        using var page = new HttpRequestMessage(HttpMethod.Get, $"t/{demo.PorkReceipt}?lang=en");
        page.Headers.Accept.ParseAdd("text/html");
        var banner = await (await reader.SendAsync(page)).Content.ReadAsStringAsync();
        var listed = JsonDocument.Parse(await Client.GetStringAsync("api/recalls")).RootElement;

        using var ended = await Client.DeleteAsync($"api/recalls/{recallId}");
        var after = JsonDocument.Parse(await Client.GetStringAsync($"t/{demo.PorkReceipt}?format=json")).RootElement;

        Assert.True(during.GetProperty("recalled").GetBoolean());
        Assert.Contains("Recall: do not eat or use", banner);
        Assert.Equal("检出违禁药物残留", during.GetProperty("recalls")[0].GetProperty("reason").GetString());
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("recallID").GetString() == recallId);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.False(after.GetProperty("recalled").GetBoolean());
    }

    [Fact]
    public async Task RecallOfAnUnknownIdentifierIsRefused()
    {
        using var response = await Client.PostAsJsonAsync("api/recalls", new { id = PlatformTraceCode.Generate("3206").Digits, reason = "x", department = "y" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>Many wrong codes from one client are refused (429); a good scan never is.</summary>
public sealed class PublicTraceRateLimitTests
{
    [Fact]
    public async Task ManyMissesFromOneClientAre429ButAGoodScanStillAnswers()
    {
        await using var server = await Http.PlatformServer.StartAsync();
        var good = PlatformTraceCode.Generate("3206").Digits;
        var body = $$"""{"type":"ObjectEvent","eventTime":"2025-05-01T08:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:suyuan:trace:{{good}}"],"action":"OBSERVE","bizStep":"retail_selling"}""";
        using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
        {
            (await server.Client.PostAsync("events", content)).EnsureSuccessStatusCode();
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var miss = await server.Client.GetAsync($"t/{PlatformTraceCode.Generate("3206").Digits}");
            statuses.Add(miss.StatusCode);
        }
        using var limited = await server.Client.GetAsync("t/12345");
        using var scan = await server.Client.GetAsync($"t/{good}");

        Assert.Equal(HttpStatusCode.NotFound, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
    }
}
