using System.Globalization;
using Suyuan.Storage.Query;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task DemoEventsStoresExactlyThatManyEvents()
    {
        var data = Path.Combine(Path.GetTempPath(), "suyuan-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await Cli.Cli.RunAsync(null, "demo", "--events", "20000", "--data", data, "--seed", "11");

            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.Contains(run.StdoutLines, l => l.StartsWith("100.0%", StringComparison.Ordinal));
            Assert.Contains("20,000 events stored", run.Stdout);
            await using var store = await SqliteEventStore.OpenAsync(data);
            Assert.Equal(20_000, await CountAsync(store));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DemoRefusesAnEventCountOutOfRange()
    {
        var run = await Cli.Cli.RunAsync(null, "demo", "--events", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--events", run.Stderr);
    }

    private static async Task<long> CountAsync(Suyuan.Storage.IEventStore store)
    {
        long count = 0;
        string? token = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("perPage", "10000") };
            if (token is not null)
            {
                parameters.Add(new("nextPageToken", token));
            }
            var page = await store.QueryAsync(EpcisQuery.Parse(parameters).Query!);
            await foreach (var _ in page.Events)
            {
                count++;
            }
            token = page.NextPageToken;
        }
        while (token is not null);
        return count;
    }
}
