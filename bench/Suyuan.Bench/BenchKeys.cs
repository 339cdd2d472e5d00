using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Storage.Accounts;

namespace Suyuan.Bench;

/// <summary>The benchmarks call the API as a platform key would: an admin key issued in the store, as <c>suyuan keys issue --admin</c> does.</summary>
internal static class BenchKeys
{
    public static async Task AuthorizeAsync(IServiceProvider services, HttpClient client)
    {
        var issued = await services.GetRequiredService<ApiKeyStore>().IssueAsync(new NewApiKey(Roles.Admin, null, null, Scopes.All, "benchmark", "bench"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Secret);
    }
}
