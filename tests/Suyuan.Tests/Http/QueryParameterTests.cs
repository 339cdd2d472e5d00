using System.Net;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>How GET /events reads its parameters: values it refuses, repeated parameters, identifier and type forms.</summary>
public sealed class QueryParameterTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NonFiniteNumberIsRefusedNamingTheParameter(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var (name, value) in new[]
        {
            ("EQ_quantity", "NaN"), ("GT_quantity", "NaN"), ("GE_quantity", "-nan"), ("LT_quantity", "Infinity"), ("LE_quantity", "1e400"),
            ("GT_ex:grade", "NaN"), ("LE_ex:grade", "-Infinity"),
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"events?{name}={Uri.EscapeDataString(value)}");
            request.Headers.Add("GS1-Extensions", "ex=http://ns.example.com/epcis/");
            Assert.Equal("/query/" + name, await ProblemAsync(await server.Client.SendAsync(request), HttpStatusCode.BadRequest));
        }
    }
}
