using System.Text.Json;
using Suyuan.Core.Identifiers;

namespace Suyuan.Core.Tests.Identifiers;

/// <summary>The GS1 Syntax Engine's Digital Link unit-test vectors, read in place from the corpus.</summary>
public sealed class DigitalLinkVectorTests
{
    private static readonly Lazy<JsonElement> Vectors = new(() =>
        JsonDocument.Parse(File.ReadAllText(Corpus.PathOf("digital-link", "gs1-syntax-engine-dl-vectors.json"))).RootElement.GetProperty("vectors"));

    public static IEnumerable<object[]> Cases(string group) =>
        Vectors.Value.GetProperty(group).EnumerateArray().Select(v => new object[] { v.GetProperty("line").GetInt32() });

    private static (JsonElement Args, DigitalLinkOptions Options) Case(string group, int line)
    {
        var vector = Vectors.Value.GetProperty(group).EnumerateArray().Single(v => v.GetProperty("line").GetInt32() == line);
        var options = DigitalLinkOptions.Default;
        if (vector.TryGetProperty("options", out var o))
        {
            foreach (var option in o.EnumerateObject())
            {
                options = option.Name switch
                {
                    "permitZeroSuppressedGTINinDLuris" => options with { PermitZeroSuppressedGtin = option.Value.GetBoolean() },
                    "permitConvenienceAlphas" => options with { PermitConvenienceAlphas = option.Value.GetBoolean() },
                    "permitUnknownAIs" => options with { PermitUnknownAis = option.Value.GetBoolean() },
                    "validate_UNKNOWN_AI_NOT_DL_ATTR" => options with { UnknownAiIsNotDataAttribute = option.Value.GetBoolean() },
                    _ => throw new InvalidOperationException($"Vector at line {line} uses unsupported option '{option.Name}'."),
                };
            }
        }
        return (vector.GetProperty("args"), options);
    }

    [Theory]
    [MemberData(nameof(Cases), "test_parseDLuri")]
    public void DigitalLinkParseMatchesEngineVector(int line)
    {
        var (args, options) = Case("test_parseDLuri", line);
        var shouldSucceed = args[0].GetBoolean();
        var uri = args[1].GetString()!;
        var result = DigitalLink.Parse(uri, options);
        Assert.True(shouldSucceed == result.Success, $"{uri}: expected {(shouldSucceed ? "success" : "failure")}, got {result.Error ?? result.Value!.ElementString}");
        if (shouldSucceed)
        {
            Assert.Equal(args[2].GetString(), result.Value!.ElementString);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
        }
    }

    [Theory]
    [MemberData(nameof(Cases), "test_testGenerateDLuri")]
    public void DigitalLinkGenerateMatchesEngineVector(int line)
    {
        var (args, options) = Case("test_testGenerateDLuri", line);
        var shouldSucceed = args[0].GetBoolean();
        var stem = args[1].ValueKind == JsonValueKind.Null ? null : args[1].GetString();
        var data = DigitalLink.ParseBracketed(args[2].GetString()!);
        Assert.True(data.Success, data.Error);
        var result = DigitalLink.Generate(data.Value!, stem, options);
        Assert.True(shouldSucceed == result.Success, $"{args[2]}: expected {(shouldSucceed ? "success" : "failure")}, got {result.Error ?? result.Value}");
        if (shouldSucceed)
        {
            Assert.Equal(args[3].GetString(), result.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Cases), "test_URIunescape")]
    public void DigitalLinkUnescapeMatchesEngineVector(int line)
    {
        var (args, _) = Case("test_URIunescape", line);
        Assert.Equal(args[1].GetString(), DigitalLink.Unescape(args[0].GetString()!, isQuery: false));
        Assert.Equal(args[2].GetString(), DigitalLink.Unescape(args[0].GetString()!, isQuery: true));
    }

    [Theory]
    [MemberData(nameof(Cases), "test_URIescape")]
    public void DigitalLinkEscapeMatchesEngineVector(int line)
    {
        var (args, _) = Case("test_URIescape", line);
        Assert.Equal(args[1].GetString(), DigitalLink.EscapePathComponent(args[0].GetString()!));
        Assert.Equal(args[2].GetString(), DigitalLink.EscapeQueryComponent(args[0].GetString()!));
    }

    [Fact]
    public void CorpusHoldsTheAdvertisedVectorCounts()
    {
        Assert.Equal(118, Vectors.Value.GetProperty("test_parseDLuri").GetArrayLength());
        Assert.Equal(22, Vectors.Value.GetProperty("test_testGenerateDLuri").GetArrayLength());
    }
}
