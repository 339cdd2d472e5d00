namespace Suyuan.Tests.Cli;

public sealed class HashCommandTests
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Corpus.Files("event-hash", "*.jsonld"))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task HashPrintsTheCanonicalHashOfEachEventInDocumentOrder(string name)
    {
        var expected = (await File.ReadAllLinesAsync(Corpus.PathOf("event-hash", name + ".hashes"))).Where(l => l.Trim().Length > 0).Select(l => l.Trim()).ToArray();
        var result = await Cli.RunAsync(null, "hash", Corpus.PathOf("event-hash", name + ".jsonld"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(expected, result.StdoutLines);
    }

    [Fact]
    public async Task HashOfGarbageFailsWithOneLine()
    {
        var result = await Cli.RunAsync("{\"type\": ", "hash", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
