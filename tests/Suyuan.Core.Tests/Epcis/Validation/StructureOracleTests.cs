using System.Text.Json;
using System.Text.Json.Nodes;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Validation;

namespace Suyuan.Core.Tests.Epcis.Validation;

/// <summary>The hand-written structural validator against its oracle, the ratified schema evaluated by JsonSchema.Net.</summary>
public sealed partial class StructureOracleTests
{
    public static TheoryData<string> CorpusDocuments => new(CorpusFiles());

    private static IEnumerable<string> CorpusFiles() =>
        Corpus.Files(Path.Combine("epcis", "gs1-examples"), "*.jsonld")
            .Concat(Corpus.Files(Path.Combine("epcis", "openepcis", "Documents"), "*.json"))
            .Concat(Corpus.Files(Path.Combine("epcis", "openepcis", "Events"), "*.json"))
            .Concat(Corpus.Files(Path.Combine("epcis", "openepcis", "Invalid"), "*.json"))
            .Select(f => Path.GetRelativePath(Corpus.Root, f));

    [Theory]
    [MemberData(nameof(CorpusDocuments))]
    public void CorpusDocumentGetsTheSchemaVerdictPointersAndRules(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus.Root, file)));

        var fast = EpcisValidator.ValidateStructure(document.RootElement);
        var schema = EpcisValidator.ValidateWithSchema(document.RootElement);

        Assert.Equal(Describe(schema), Describe(fast));
    }

    [Fact]
    public void AnEventOfADocumentIsCheckedWithoutTheContextItNeedsAlone()
    {
        // An event read from a document's eventList has the document's @context: checked with the context optional it
        // gets the schema's verdict on the event with that one problem taken away, and the problem is not made at all.
        var events = 0;
        foreach (var file in CorpusFiles())
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus.Root, file)));
            if (!document.RootElement.TryGetProperty("epcisBody", out var body) || !body.TryGetProperty("eventList", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var e in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && !e.TryGetProperty("@context", out _)))
            {
                var alone = EpcisValidator.ValidateWithSchema(e);
                Assert.Contains(alone, p => p.Pointer == "/@context");
                Assert.Equal(Describe(alone.Where(p => p.Pointer != "/@context").ToList()), Describe(StructureCheck.Check(e, contextOptional: true)));
                events++;
            }
        }
        Assert.True(events > 100, $"only {events} events without their own @context in the corpus");
    }

    [Fact]
    public void CorpusHoldsElevenSchemaInvalidDocuments()
    {
        // The oracle comparison above must see both verdicts: 10 of 15 Invalid documents and 1 of 38 Documents fail the schema.
        var invalid = CorpusFiles().Count(f => EpcisValidator.ValidateStructure(JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus.Root, f))).RootElement).Count > 0);

        Assert.Equal(11, invalid);
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01t10:00:00z")]
    [InlineData("2024-05-01_10:00:00+08:00")]
    [InlineData("2024-05-01 10:00:00-05:30")]
    [InlineData("2024-05-01T10:00:00Z\n")]
    [InlineData("2024-05-01T10:00:00Z\n\n")]
    [InlineData("2024-05-01T10:00:00.123456789012Z")]
    [InlineData("2024-05-01T10:00:00.Z")]
    [InlineData("2024-05-01T10:00:00")]
    [InlineData("2024-05-01T10:00Z")]
    [InlineData("2024-5-01T10:00:00Z")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("2024-02-29T10:00:00Z")]
    [InlineData("2024-04-31T10:00:00Z")]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-00-01T10:00:00Z")]
    [InlineData("2024-05-00T10:00:00Z")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("2024-05-01T10:60:00Z")]
    [InlineData("2016-12-31T23:59:60Z")]
    [InlineData("2016-12-31T22:59:60Z")]
    [InlineData("2016-12-31T23:59:60+01:00")]
    [InlineData("2017-01-01T00:59:60+01:00")]
    [InlineData("2016-12-31T18:29:60-05:30")]
    [InlineData("2024-05-01T10:00:00+24:00")]
    [InlineData("2024-05-01T10:00:00+23:59")]
    [InlineData("2024-05-01T10:00:00+08:60")]
    [InlineData("2024-05-01T10:00:00+0800")]
    [InlineData("2024-05-01T1\u0660:00:00Z")]
    [InlineData("22-07-2026")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("")]
    public void DateTimeFormatIsDecidedAsTheLibraryDecidesIt(string eventTime)
    {
        AssertSameVerdict(Event($$"""{"eventTime":{{JsonSerializer.Serialize(eventTime)}}}"""));
    }

    [Theory]
    [InlineData("eventTimeZoneOffset", "+08:00")]
    [InlineData("eventTimeZoneOffset", "+14:00")]
    [InlineData("eventTimeZoneOffset", "+14:30")]
    [InlineData("eventTimeZoneOffset", "-13:59")]
    [InlineData("eventTimeZoneOffset", "+08:00\n")]
    [InlineData("eventTimeZoneOffset", "08:00")]
    [InlineData("eventTimeZoneOffset", "Z")]
    [InlineData("eventTimeZoneOffset", "+0\u0668:00")]
    [InlineData("action", "observe")]
    [InlineData("action", "OBSERVE\n")]
    [InlineData("bizStep", "urn:epcglobal:cbv:bizstep:shipping")]
    [InlineData("bizStep", "https://ns.gs1.org/cbv/BizStep-shipping")]
    [InlineData("bizStep", "HTTPS://ns.gs1.org/cbv/BizStep-shipping")]
    [InlineData("bizStep", "https://ref.gs1.org/cbv/BizStep-shipping")]
    [InlineData("bizStep", "shipping")]
    [InlineData("bizStep", "not a cbv step")]
    [InlineData("disposition", "urn:epcglobal:cbv:disp:active")]
    public void StringRuleIsDecidedAsTheLibraryDecidesIt(string field, string value)
    {
        AssertSameVerdict(Event($$"""{{{JsonSerializer.Serialize(field)}}:{{JsonSerializer.Serialize(value)}}}"""));
    }

    [Theory]
    [InlineData("""{"schemaVersion":"\u0663"}""")]
    [InlineData("""{"schemaVersion":"2.0\n"}""")]
    [InlineData("""{"schemaVersion":"2."}""")]
    [InlineData("""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"x":1},{"x":1.0}]}""")]
    [InlineData("""{"@context":["a",{"x":1,"y":[2,"3"]},{"y":[2,"3"],"x":1}]}""")]
    [InlineData("""{"@context":["a","\u0061"]}""")]
    [InlineData("""{"@context":["a",5]}""")]
    [InlineData("""{"@context":5}""")]
    [InlineData("""{"epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:ReadPoint","vocabularyElementList":[{"id":"x","attributes":[{"id":"a","attribute":true}]}]}]}}}""")]
    [InlineData("""{"epcisHeader":{"epcisMasterData":{"vocabularyList":[{"vocabularyElementList":[{"id":"x","children":["a",2]}]}]}}}""")]
    public void DocumentFieldIsDecidedAsTheLibraryDecidesIt(string fields)
    {
        var document = JsonNode.Parse("""{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-01T10:00:00Z","epcisBody":{"eventList":[]}}""")!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(fields)!.AsObject())
        {
            document[name] = value?.DeepClone();
        }
        AssertSameVerdict(document);
    }

    [Fact]
    public void MutatedCorpusEventsGetTheSchemaVerdict()
    {
        var cases = 0;
        var disagreements = new List<string>();
        var pointerDifferences = new List<string>();
        foreach (var (label, mutant) in CorpusMutants())
        {
            using var document = JsonDocument.Parse(mutant.ToJsonString());
            var fast = EpcisValidator.ValidateStructure(document.RootElement);
            var schemaValid = EpcisSchema.IsValid(document.RootElement);
            cases++;
            if ((fast.Count == 0) != schemaValid && !KnownDisagreements.Any(k => label.Contains(k.Mutation, StringComparison.Ordinal)))
            {
                disagreements.Add($"{label}: fast {(fast.Count == 0 ? "valid" : Describe(fast))}, schema {(schemaValid ? "valid" : "invalid")}");
            }
            if (!schemaValid && cases % 7 == 0 && !label.EndsWith("/type removed", StringComparison.Ordinal) && Describe(fast) is var fastProblems
                && Describe(EpcisValidator.ValidateWithSchema(document.RootElement)) is var schemaProblems && fastProblems != schemaProblems)
            {
                pointerDifferences.Add($"{label}:\n  fast   {fastProblems.Replace("\n", "\n         ")}\n  schema {schemaProblems.Replace("\n", "\n         ")}");
            }
        }

        Assert.True(cases > 5_000, $"only {cases} mutants");
        Assert.Empty(disagreements);
        // Pointers and rules are compared on a deterministic seventh of the invalid mutants. Not for a document or event without
        // a type: the schema then applies every document and event shape at once and reports their problems; the fast path
        // reports the missing type alone.
        Assert.True(pointerDifferences.Count == 0, $"{cases} mutants; {pointerDifferences.Count} sampled invalid mutants are reported at other pointers or rules:\n{string.Join("\n", pointerDifferences)}");
    }

    /// <summary>Where the two may disagree on purpose, with the reason; a mutation label containing the key is exempt.</summary>
    private static readonly (string Mutation, string Reason)[] KnownDisagreements = [];

    // ---- the mutants ----

    /// <summary>Each schema-valid corpus event, alone in its document, mutated one change at a time; plus the document shells.</summary>
    private static IEnumerable<(string Label, JsonNode Mutant)> CorpusMutants()
    {
        foreach (var file in CorpusFiles())
        {
            var text = File.ReadAllText(Path.Combine(Corpus.Root, file));
            using (var parsed = JsonDocument.Parse(text))
            {
                // A document with a repeated key cannot become a JsonObject; the corpus oracle above covers it (AssociationEvent-h).
                if (!EpcisSchema.IsValid(parsed.RootElement) || HasRepeatedKey(parsed.RootElement))
                {
                    continue;
                }
            }
            var root = JsonNode.Parse(text)!;
            var type = (string?)root["type"];
            if (type is not ("EPCISDocument" or "EPCISQueryDocument"))
            {
                foreach (var (label, mutant) in Mutate(root, ""))
                {
                    yield return ($"{file} {label}", mutant);
                }
                continue;
            }
            var list = (type == "EPCISDocument" ? root["epcisBody"]!["eventList"] : root["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"])!.AsArray();
            var events = list.Select(e => e!.DeepClone()).ToList();
            var index = 0;
            foreach (var e in events)
            {
                list.Clear();
                list.Add(e.DeepClone());
                foreach (var (label, mutant) in Mutate(root, EpcisEvents.EventListPointer(JsonSerializer.SerializeToElement(root)) + "/0"))
                {
                    yield return ($"{file} event {index} {label}", mutant);
                }
                index++;
            }
            // The shell once, with its first event only, mutated outside the events.
            list.Clear();
            if (events.Count > 0)
            {
                list.Add(events[0].DeepClone());
            }
            foreach (var (label, mutant) in Mutate(root, "", skipUnder: EpcisEvents.EventListPointer(JsonSerializer.SerializeToElement(root)) + "/"))
            {
                yield return ($"{file} shell {label}", mutant);
            }
        }
    }

    /// <summary>Removes each field, gives each value a wrong type or null, adds an unknown plain key to each object, empties each array.</summary>
    private static IEnumerable<(string Label, JsonNode Mutant)> Mutate(JsonNode root, string at, string? skipUnder = null)
    {
        var target = Navigate(root, at);
        foreach (var (pointer, node) in Walk(target, at))
        {
            if (skipUnder is not null && pointer.StartsWith(skipUnder, StringComparison.Ordinal))
            {
                continue;
            }
            if (node is JsonObject obj)
            {
                yield return ($"{pointer} +plain key", With(root, pointer, n => n!.AsObject()["zzUnknownField"] = "x"));
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    yield return ($"{pointer}/{name} removed", With(root, pointer, n => n!.AsObject().Remove(name)));
                }
            }
            if (node is JsonArray { Count: > 0 })
            {
                yield return ($"{pointer} emptied", With(root, pointer, n => n!.AsArray().Clear()));
            }
            if (pointer.Length > at.Length)
            {
                foreach (var (what, replacement) in WrongTypes(node))
                {
                    yield return ($"{pointer} {what}", Replace(root, pointer, replacement));
                }
            }
        }
    }

    private static IEnumerable<(string, JsonNode?)> WrongTypes(JsonNode? node)
    {
        switch (node?.GetValueKind())
        {
            case JsonValueKind.String:
                yield return ("as number", JsonValue.Create(42));
                break;
            case JsonValueKind.Number:
                yield return ("as string", JsonValue.Create("42"));
                break;
            case JsonValueKind.Object:
                yield return ("as array", new JsonArray());
                break;
            case JsonValueKind.Array:
                yield return ("as object", new JsonObject());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                yield return ("as string", JsonValue.Create("true"));
                break;
        }
        if (node is not null)
        {
            yield return ("as null", null);
        }
    }

    private static IEnumerable<(string Pointer, JsonNode? Node)> Walk(JsonNode? node, string pointer)
    {
        yield return (pointer, node);
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                foreach (var inner in Walk(child, pointer + "/" + name.Replace("~", "~0").Replace("/", "~1")))
                {
                    yield return inner;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var inner in Walk(array[i], $"{pointer}/{i}"))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonNode? Navigate(JsonNode root, string pointer)
    {
        var node = root;
        foreach (var segment in pointer.Length == 0 ? [] : pointer[1..].Split('/'))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonArray array ? array[int.Parse(name)] : node![name];
        }
        return node;
    }

    private static JsonNode With(JsonNode root, string pointer, Action<JsonNode?> change)
    {
        var copy = root.DeepClone();
        change(Navigate(copy, pointer));
        return copy;
    }

    private static JsonNode Replace(JsonNode root, string pointer, JsonNode? replacement)
    {
        var copy = root.DeepClone();
        var slash = pointer.LastIndexOf('/');
        var parent = Navigate(copy, pointer[..slash]);
        var name = pointer[(slash + 1)..].Replace("~1", "/").Replace("~0", "~");
        if (parent is JsonArray array)
        {
            array[int.Parse(name)] = replacement;
        }
        else
        {
            parent!.AsObject()[name] = replacement;
        }
        return copy;
    }

    // ---- helpers ----

    private static bool HasRepeatedKey(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1) || e.EnumerateObject().Any(p => HasRepeatedKey(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasRepeatedKey),
        _ => false,
    };

    private static JsonNode Event(string fields)
    {
        var e = JsonNode.Parse("""{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"eventTime":"2024-05-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00"}""")!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(fields)!.AsObject())
        {
            e[name] = value?.DeepClone();
        }
        return e;
    }

    private static void AssertSameVerdict(JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        Assert.Equal(Describe(EpcisValidator.ValidateWithSchema(document.RootElement)), Describe(EpcisValidator.ValidateStructure(document.RootElement)));
    }

    private static string Describe(IReadOnlyList<ValidationProblem> problems) =>
        problems.Count == 0 ? "valid" : string.Join("\n", problems.Select(p => $"{p.Pointer} {Normalized(p.Rule)}").Order(StringComparer.Ordinal));

    // JsonSchema.Net names an inline items subschema with a spurious index (".../items/2/anyOf" for every item of @context);
    // the fast path names the subschema itself.
    private static string Normalized(string rule) => SpuriousItemsIndex().Replace(rule, "/items/");

    [System.Text.RegularExpressions.GeneratedRegex("/items/[0-9]+/")]
    private static partial System.Text.RegularExpressions.Regex SpuriousItemsIndex();
}
