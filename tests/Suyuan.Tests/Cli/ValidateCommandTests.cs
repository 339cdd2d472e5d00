using System.Text;

namespace Suyuan.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task ValidateAcceptsAValidExampleWithExitZero()
    {
        var result = await Cli.RunAsync(null, "validate", Corpus.PathOf("epcis", "gs1-examples", "Example_9.6.1-ObjectEvent.jsonld"));
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.StdoutLines);
    }

    [Fact]
    public async Task ValidateReadsStandardInput()
    {
        var text = await File.ReadAllTextAsync(Corpus.PathOf("epcis", "gs1-examples", "Example_9.6.3-AggregationEvent.jsonld"));
        var result = await Cli.RunAsync(text, "validate", "-");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task ValidateReportsEachProblemWithPointerAndRule()
    {
        var result = await Cli.RunAsync(null, "validate", Corpus.PathOf("epcis", "openepcis", "Invalid", "ObjectEvent_with_invalid_action.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.StdoutLines);
        Assert.All(result.StdoutLines, line => Assert.Matches(@"^(error|warning): /\S* \[[^\]]+\] .+", line));
        Assert.Contains(result.StdoutLines, line => line.Contains("/action", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("deep")]
    [InlineData("wrong-context")]
    [InlineData("empty")]
    public async Task ValidateRefusesBadInputWithOneLineAndNoStackTrace(string kind)
    {
        var path = Path.GetTempFileName();
        try
        {
            var valid = await File.ReadAllTextAsync(Corpus.PathOf("epcis", "gs1-examples", "Example_9.6.1-ObjectEvent.jsonld"));
            byte[] content = kind switch
            {
                "garbage" => Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(),
                "truncated" => Encoding.UTF8.GetBytes(valid[..(valid.Length / 2)]),
                "deep" => Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)),
                "wrong-context" => Encoding.UTF8.GetBytes(valid.Replace("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", "https://example.com/not-a-context.jsonld", StringComparison.Ordinal)),
                _ => [],
            };
            await File.WriteAllBytesAsync(path, content);
            var result = await Cli.RunAsync(null, "validate", path);
            Assert.Equal(1, result.ExitCode);
            var output = result.Stdout + result.Stderr;
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
            Assert.True(result.StdoutLines.Length >= 1, output);
            if (kind == "wrong-context")
            {
                Assert.Contains("@context", result.Stdout, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ValidateAcceptsA50MegabyteDocument()
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var writer = new StreamWriter(path))
            {
                await writer.WriteAsync("""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z","epcisBody":{"eventList":[""");
                var i = 0;
                for (; writer.BaseStream.Position < 50L * 1024 * 1024; i++)
                {
                    if (i > 0)
                    {
                        await writer.WriteAsync(',');
                    }
                    await writer.WriteAsync($$$"""{"type":"ObjectEvent","eventTime":"2024-01-01T00:00:00.000+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:0614141.107346.{{{i}}}"],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit","readPoint":{"id":"urn:epc:id:sgln:0614141.07346.1234"}}""");
                    await writer.FlushAsync();
                }
                await writer.WriteAsync("]}}");
            }
            var result = await Cli.RunAsync(null, "validate", path);
            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("validate")]
    [InlineData("validate", "a.json", "b.json")]
    [InlineData("validate", "--no-such-option", "a.json")]
    [InlineData("frobnicate")]
    public async Task UsageErrorsExitWithTwo(params string[] args)
    {
        var result = await Cli.RunAsync(null, args);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task AMissingFileIsAUsageError()
    {
        var result = await Cli.RunAsync(null, "validate", "/no/such/file.json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file", result.Stderr, StringComparison.Ordinal);
    }
}
