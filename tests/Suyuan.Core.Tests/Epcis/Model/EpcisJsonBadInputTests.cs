using System.Text;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;

namespace Suyuan.Core.Tests.Epcis.Model;

public sealed class EpcisJsonBadInputTests
{
    private static byte[] Example() => File.ReadAllBytes(Corpus.PathOf("epcis", "gs1-examples", "Example_9.6.1-ObjectEvent.jsonld"));

    private static EpcisFormatException ReadWhole(byte[] bytes) => Assert.Throws<EpcisFormatException>(() => EpcisJson.ReadDocument(bytes));

    private static EpcisFormatException ReadStreamed(byte[] bytes, int bufferSize = 256) =>
        Assert.Throws<EpcisFormatException>(() =>
        {
            using var stream = new EpcisEventStream(new MemoryStream(bytes), new EpcisStreamOptions { InitialBufferSize = bufferSize });
            foreach (var entry in stream.ReadEvents())
            {
                entry.ReadEvent();
            }
        });

    public static TheoryData<string> Garbage() => new()
    {
        "binary",
        "empty",
        "text",
        "array",
    };

    private static byte[] GarbageOf(string kind) => kind switch
    {
        "binary" => [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 256))],
        "empty" => [],
        "text" => "EPCIS, but not JSON"u8.ToArray(),
        _ => "[1, 2, 3]"u8.ToArray(),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void GarbageIsAFormatError(string kind)
    {
        Assert.NotNull(ReadWhole(GarbageOf(kind)).Pointer);
        Assert.NotNull(ReadStreamed(GarbageOf(kind)).Pointer);
    }

    [Fact]
    public void TruncatedJsonNamesWhereItStopped()
    {
        var bytes = Example();
        var cut = Encoding.UTF8.GetString(bytes).IndexOf("\"readPoint\"", StringComparison.Ordinal);
        var truncated = bytes[..cut];

        Assert.Equal("/epcisBody/eventList/0", ReadWhole(truncated).Pointer);
        Assert.StartsWith("/epcisBody/eventList/0", ReadStreamed(truncated).Pointer);
    }

    [Fact]
    public void DocumentsCutAnywhereAreFormatErrors()
    {
        var bytes = Example();
        for (var length = 0; length < bytes.Length - 2; length += 97)
        {
            ReadWhole(bytes[..length]);
            ReadStreamed(bytes[..length]);
        }
    }

    [Fact]
    public void TenThousandLevelsOfNestingAreRejectedWithoutOverflow()
    {
        var arrays = Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000));
        Assert.Contains("nested deeper", ReadWhole(arrays).Message);
        ReadStreamed(arrays);

        var inExtension = Encoding.UTF8.GetString(Example()).Replace(
            "\"action\": \"OBSERVE\"",
            "\"example:deep\": " + string.Concat(Enumerable.Repeat("{\"example:a\":", 10_000)) + "1" + new string('}', 10_000) + ", \"action\": \"OBSERVE\"");
        var whole = ReadWhole(Encoding.UTF8.GetBytes(inExtension));
        Assert.StartsWith("/epcisBody/eventList/0/example:deep/example:a", whole.Pointer);
        var streamed = ReadStreamed(Encoding.UTF8.GetBytes(inExtension), 4096);
        Assert.StartsWith("/epcisBody/eventList/0/example:deep/example:a", streamed.Pointer);
    }

    /// <summary>A context this repository does not resolve is taken beside the GS1 one, but not instead of it.</summary>
    [Fact]
    public void AContextThatIsNotResolvedHereDoesNotStandForTheGs1One()
    {
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Example())
            .Replace("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", "https://example.com/my-context.jsonld"));

        Assert.Equal("/@context", ReadWhole(bytes).Pointer);
        Assert.Equal("/@context", ReadStreamed(bytes).Pointer);
    }

    [Fact]
    public void AMissingContextIsRejected()
    {
        var bytes = File.ReadAllBytes(Corpus.PathOf("epcis", "openepcis", "Invalid", "EPCISDocument_without_context.json"));

        Assert.Equal("/@context", ReadWhole(bytes).Pointer);
        Assert.Equal("/@context", ReadStreamed(bytes).Pointer);
    }

    [Theory]
    [InlineData("ObjectEvent_with_quantity_as_text.json", "/epcisBody/eventList/0/quantityList/0/quantity")]
    [InlineData("ObjectEvent_with_unknown_field_in_quantityList.json", "/epcisBody/eventList/0/quantityList/0/weight")]
    [InlineData("ObjectEvent_with_invalid_action.json", "/epcisBody/eventList/0/action")]
    [InlineData("ObjectEvent_with_invalid_eventTime_format.json", "/epcisBody/eventList/0/eventTime")]
    [InlineData("ObjectEvent_with_ilmd_field_without_namespace.json", "/epcisBody/eventList/0/ilmd/")]
    [InlineData("ObjectEvent_with_invalid_certificationInfo.json", "/epcisBody/eventList/0/certificationInfo/0")]
    public void WrongTypesNameTheField(string file, string pointer)
    {
        var bytes = File.ReadAllBytes(Corpus.PathOf("epcis", "openepcis", "Invalid", file));

        Assert.StartsWith(pointer, ReadWhole(bytes).Pointer);
        Assert.StartsWith(pointer, ReadStreamed(bytes).Pointer);
    }

    [Fact]
    public void AContextAfterTooManyEventsIsRejectedWhenStreaming()
    {
        var bytes = File.ReadAllBytes(Corpus.PathOf("epcis", "gs1-examples", "WithFullCombinationOfFields", "object_event_all_possible_fields.jsonld"));

        var error = Assert.Throws<EpcisFormatException>(() =>
        {
            using var stream = new EpcisEventStream(new MemoryStream(bytes), new EpcisStreamOptions { MaxBytesBeforeContext = 100 });
            stream.ReadEvents().ToList();
        });

        Assert.Equal("/@context", error.Pointer);
    }

    [Fact]
    public void AnEventOfTheWrongShapeIsRejected()
    {
        var json = Encoding.UTF8.GetString(Example());
        var bytes = Encoding.UTF8.GetBytes(json.Replace("\"eventList\": [", "\"eventList\": [42, "));

        Assert.Equal("/epcisBody/eventList/0", ReadWhole(bytes).Pointer);
        Assert.Equal("/epcisBody/eventList/0", ReadStreamed(bytes).Pointer);
    }
}
