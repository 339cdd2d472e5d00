using System.Text.Json;
using Suyuan.Core.Epcis;

namespace Suyuan.Core.Tests.Epcis.Validation;

public sealed class SemanticRuleTests
{
    private const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"example":"http://ns.example.com/epcis/"}]""";

    private static IReadOnlyList<ValidationProblem> ValidateEvent(string fields)
    {
        var json = $$"""{"@context":{{Context}},"eventTime":"2024-05-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00",{{fields}}}""";
        using var document = JsonDocument.Parse(json);
        return EpcisValidator.Validate(document.RootElement);
    }

    private static IEnumerable<ValidationProblem> Errors(IReadOnlyList<ValidationProblem> problems) => problems.Where(p => !p.IsWarning);

    [Fact]
    public void ObjectEventWithNamespacedExtensionIsAccepted()
    {
        var problems = ValidateEvent("""
            "type":"ObjectEvent","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizStep":"commissioning",
            "example:lot":"L1","ilmd":{"example:bestBefore":"2025-01-01"}
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void PlainUnknownFieldAtEventLevelIsRejected()
    {
        var problems = ValidateEvent("""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"colour":"red"
            """);

        Assert.Contains(Errors(problems), p => p.Pointer == "/colour" && p.Rule == "extension-namespace");
    }

    [Fact]
    public void ExtensionWithUndeclaredPrefixIsOnlyAWarning()
    {
        var problems = ValidateEvent("""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"acme:colour":"red"
            """);

        Assert.Empty(Errors(problems));
        Assert.Contains(problems, p => p.Pointer == "/acme:colour" && p.IsWarning);
    }

    [Theory]
    [InlineData("shipping")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-shipping")]
    [InlineData("cbv:BizStep-shipping")]
    [InlineData("urn:example:bizstep:blending")]
    [InlineData("https://example.com/steps/blending")]
    public void BizStepAsCbvValueOrPrivateUriIsAccepted(string bizStep)
    {
        var problems = ValidateEvent($$"""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizStep":"{{bizStep}}"
            """);

        Assert.Empty(Errors(problems));
    }

    [Theory]
    [InlineData("blending", false)]
    [InlineData("https://ref.gs1.org/cbv/BizStep-blending", true)]
    [InlineData("https://ref.gs1.org/cbv/Disp-active", true)]
    public void BizStepOutsideCbvIsFlagged(string bizStep, bool warningOnly)
    {
        var problems = ValidateEvent($$"""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizStep":"{{bizStep}}"
            """);

        var problem = Assert.Single(problems, p => p.Pointer == "/bizStep");
        Assert.Equal("cbv-vocabulary", problem.Rule);
        Assert.Equal(warningOnly, problem.IsWarning);
    }

    /// <summary>A CURIE's prefix is a JSON-LD term, not a URI scheme: an underscore or Chinese in it is no fault.</summary>
    [Theory]
    [InlineData("\"bizStep\":\"my_ext:picking\"")]
    [InlineData("\"my_ext:temp\":1")]
    [InlineData("\"溯源:批次\":\"B1\"")]
    [InlineData("\"disposition\":\"溯源:待检\"")]
    [InlineData("\"https://example.org/溯源/批次\":1")]
    public void ACurieWhosePrefixIsNoUriSchemeIsTaken(string member)
    {
        var json = $$"""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"my_ext":"https://example.com/ext/","溯源":"https://suyuan.example.cn/ns/"}],"eventTime":"2024-05-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],{{member}}}""";
        using var document = JsonDocument.Parse(json);
        Assert.Empty(Errors(EpcisValidator.Validate(document.RootElement)));
    }

    /// <summary>A private vocabulary value, and an extension field's name, is a URI (the schema's format: uri): a space or control character is refused.</summary>
    [Theory]
    [InlineData("\"bizStep\":\"https://example.org/a b\"", "/bizStep")]
    [InlineData("\"disposition\":\"urn:example:disp:\\u0085x\"", "/disposition")]
    [InlineData("\"bizTransactionList\":[{\"type\":\"example:po list\",\"bizTransaction\":\"urn:example:bt:1\"}]", "/bizTransactionList/0/type")]
    [InlineData("\"sourceList\":[{\"type\":\"https://example.org/t\\u0001\",\"source\":\"urn:epc:id:pgln:0614141.00001\"}]", "/sourceList/0/type")]
    [InlineData("\"errorDeclaration\":{\"declarationTime\":\"2024-05-02T00:00:00Z\",\"reason\":\"https://example.org/why not\"}", "/errorDeclaration/reason")]
    [InlineData("\"https://example.org/a b\":1", "/https:~1~1example.org~1a b")]
    [InlineData("\"example:my field\":1", "/example:my field")]
    public void APrivateValueOrFieldNameThatIsNoUriIsRefused(string member, string pointer)
    {
        var problems = ValidateEvent($$"""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],{{member}}
            """);

        Assert.Contains(Errors(problems), p => p.Pointer == pointer && p.Rule == "uri-syntax");
    }

    [Fact]
    public void ObjectEventWithEmptyEpcListAndNoQuantitiesIsRejected()
    {
        var problems = ValidateEvent("""
            "type":"ObjectEvent","action":"DELETE","epcList":[]
            """);

        Assert.Contains(Errors(problems), p => p.Pointer == "/epcList" && p.Rule == "object-event-identifiers");
    }

    [Theory]
    [InlineData("ADD", true)]
    [InlineData("DELETE", true)]
    [InlineData("OBSERVE", false)]
    public void AggregationEventNeedsParentIdForAddAndDelete(string action, bool rejected)
    {
        var problems = ValidateEvent($$"""
            "type":"AggregationEvent","action":"{{action}}","childEPCs":["urn:epc:id:sgtin:0614141.107346.2017"]
            """);

        Assert.Equal(rejected, Errors(problems).Any(p => p.Pointer == "/parentID" && p.Rule == "aggregation-parent"));
    }

    [Fact]
    public void DispositionBothSetAndUnsetIsRejected()
    {
        var problems = ValidateEvent("""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],
            "persistentDisposition":{"set":["completeness_verified"],"unset":["https://ref.gs1.org/cbv/Disp-completeness_verified"]}
            """);

        Assert.Contains(Errors(problems), p => p.Pointer == "/persistentDisposition/unset/0" && p.Rule == "persistent-disposition-overlap");
    }

    [Fact]
    public void UomWithoutQuantityIsRejected()
    {
        var problems = ValidateEvent("""
            "type":"ObjectEvent","action":"OBSERVE","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","uom":"KGM"}]
            """);

        Assert.Contains(Errors(problems), p => p.Pointer == "/quantityList/0/uom" && p.Rule == "uom-without-quantity");
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00")]
    [InlineData("2024-05-01")]
    public void EventTimeWithoutTimeZoneIsRejected(string eventTime)
    {
        var json = $$"""{"@context":{{Context}},"type":"ObjectEvent","action":"OBSERVE","eventTime":"{{eventTime}}","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:0614141.107346.2017"]}""";
        using var document = JsonDocument.Parse(json);

        Assert.Contains(EpcisValidator.Validate(document.RootElement), p => p.Pointer == "/eventTime" && p.Rule == "/definitions/time/format");
    }

    [Fact]
    public void TransformationEventWithoutInputsOrOutputsReportsOneReadableProblem()
    {
        var problems = ValidateEvent("""
            "type":"TransformationEvent","bizStep":"commissioning"
            """);

        var problem = Assert.Single(Errors(problems));
        Assert.Equal("", problem.Pointer);
        Assert.StartsWith("/definitions/TransformationEvent/allOf/2/anyOf", problem.Rule, StringComparison.Ordinal);
        Assert.Contains("inputEPCList", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""" "epcList":["not a uri"] """, "/epcList/0")]
    [InlineData(""" "epcList":["0614141.107346.2017"] """, "/epcList/0")]
    [InlineData(""" "epcList":["urn:"] """, "/epcList/0")]
    [InlineData(""" "epcList":["urn:x\u0085y"] """, "/epcList/0")]
    [InlineData(""" "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"eventID":"12345" """, "/eventID")]
    [InlineData(""" "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"readPoint":{"id":"dock 4"} """, "/readPoint/id")]
    [InlineData(""" "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizLocation":{"id":"urn:epc:id:sgln:0614141.00888.<0>"} """, "/bizLocation/id")]
    [InlineData(""" "quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/a%2"}] """, "/quantityList/0/epcClass")]
    [InlineData(""" "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizTransactionList":[{"type":"po","bizTransaction":"PO 123"}] """, "/bizTransactionList/0/bizTransaction")]
    [InlineData(""" "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"sourceList":[{"type":"owning_party","source":"1:x"}] """, "/sourceList/0/source")]
    [InlineData(""" "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"errorDeclaration":{"declarationTime":"2024-05-02T10:00:00+08:00","correctiveEventIDs":["urn:uuid:x\ty"]} """, "/errorDeclaration/correctiveEventIDs/0")]
    public void IdentifierThatIsNotAnAbsoluteUriIsRejected(string fields, string pointer)
    {
        var problems = ValidateEvent("\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\"," + fields.Trim());

        var problem = Assert.Single(Errors(problems));
        Assert.Equal(pointer, problem.Pointer);
        Assert.Equal("uri-syntax", problem.Rule);
        Assert.Contains("not an absolute URI", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:0614141.107346.2017")]
    [InlineData("https://id.gs1.org/01/09506000134352/21/%2F1")]
    [InlineData("urn:suyuan:trace:32067680358240418748")]
    [InlineData("https://example.cn/批次/26-001")]
    [InlineData("ni:///sha-256;abc?ver=CBV2.0")]
    [InlineData("urn:suyuan:trace:a|b")]
    public void AbsoluteUrisAndIrisAreAccepted(string epc)
    {
        var problems = ValidateEvent($$"""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["{{epc}}"],"eventID":"{{epc}}"
            """);

        Assert.DoesNotContain(problems, p => p.Rule == "uri-syntax");
    }

    /// <summary>
    /// An event type outside the standard five is an extension type, an absolute URI or prefix:name: a bare word is a
    /// misspelt standard type. A bare measurement type outside the schema's list is a warning (GS1 adds to that list).
    /// </summary>
    [Theory]
    [InlineData("ObjectEvent2", false)]
    [InlineData("objectEvent", false)]
    [InlineData("https://example.com/epcis/PickEvent", true)]
    [InlineData("urn:example:PickEvent", true)]
    public void AnEventTypeOutsideTheStandardFiveIsAUri(string type, bool accepted)
    {
        var problems = ValidateEvent($$"""
            "type":"{{type}}","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"]
            """);

        if (accepted)
        {
            Assert.DoesNotContain(problems, p => p.Rule == "uri-syntax");
            return;
        }
        var problem = Assert.Single(Errors(problems), p => p.Rule == "uri-syntax");
        Assert.Equal("/type", problem.Pointer);
        Assert.Contains(type, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Temprature", true)]
    [InlineData("Temperature", false)]
    [InlineData("gs1:Temperature", false)]
    [InlineData("https://example.com/voc/Brix", false)]
    public void AMeasurementTypeOutsideTheSchemasListIsAWarning(string type, bool warned)
    {
        var problems = ValidateEvent($$"""
            "type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"],
            "sensorElementList":[{"sensorReport":[{"type":"{{type}}","value":1.0,"uom":"CEL"}]}]
            """);

        Assert.Empty(Errors(problems));
        Assert.Equal(warned, problems.Any(p => p.IsWarning && p.Pointer == "/sensorElementList/0/sensorReport/0/type"));
    }

    /// <summary>A prefix an event's own @context declares is declared for that event, in a document as in a single event.</summary>
    [Fact]
    public void APrefixAnEventsOwnContextDeclaresIsDeclared()
    {
        var json = """
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-01T10:00:00Z",
             "epcisBody":{"eventList":[
               {"@context":[{"pz":"https://example.com/pz/"}],"type":"ObjectEvent","eventTime":"2024-05-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","action":"OBSERVE",
                "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"pz:val":"1"},
               {"type":"ObjectEvent","eventTime":"2024-05-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","action":"OBSERVE",
                "epcList":["urn:epc:id:sgtin:0614141.107346.2018"],"pz:val":"1"}]}}
            """;
        using var document = JsonDocument.Parse(json);
        var problems = EpcisValidator.Validate(document.RootElement);

        // The second event does not see the first's prefix.
        var undeclared = Assert.Single(problems, p => p.Message.Contains("'pz'", StringComparison.Ordinal));
        Assert.StartsWith("/epcisBody/eventList/1/", undeclared.Pointer, StringComparison.Ordinal);
    }

    /// <summary>A quantity or sensor reading past what a double holds is refused naming it; the largest double and one that underflows to 0 are taken.</summary>
    [Theory]
    [InlineData(""" "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":1e400,"uom":"KGM"}] """, "/quantityList/0/quantity")]
    [InlineData(""" "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":-1E+400,"uom":"CEL"}]}] """, "/sensorElementList/0/sensorReport/0/value")]
    [InlineData(""" "sensorElementList":[{"sensorReport":[{"type":"Temperature","percRank":1e999}]}] """, "/sensorElementList/0/sensorReport/0/percRank")]
    [InlineData(""" "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":1.7976931348623157e308,"uom":"KGM"}] """, null)]
    [InlineData(""" "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":1e-400,"uom":"CEL"}]}] """, null)]
    public void ANumberPastADoubleIsRefusedNamingIt(string fields, string? pointer)
    {
        var problems = ValidateEvent("\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2017\"]," + fields.Trim());

        if (pointer is null)
        {
            Assert.Empty(Errors(problems));
            return;
        }
        var problem = Assert.Single(Errors(problems));
        Assert.Equal(pointer, problem.Pointer);
        Assert.Equal("number-range", problem.Rule);
    }
}
