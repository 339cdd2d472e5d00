using System.Text.Json;
using Suyuan.Core.Epcis;

namespace Suyuan.Core.Tests.Epcis.Validation;

public sealed class CorpusValidationTests
{
    private const string Event0 = "/epcisBody/eventList/0";
    private const string Event1 = "/epcisBody/eventList/1";

    /// <summary>Each document a capture interface must reject, with the problem it must be rejected for.</summary>
    public static TheoryData<string, string, string> InvalidDocuments => new()
    {
        { "Combination_of_events_with_missing_mandatory_fields.json", Event1 + "/eventTimeZoneOffset", "/definitions/Event/required" },
        { "Combination_of_multiple_invalid_fields.json", "/epcisBody/eventList/4/eventTime", "/definitions/time/format" },
        { "Combination_of_non_standard_bizStep_and_disposition.json", Event1 + "/disposition", "cbv-vocabulary" },
        { "EPCISDocument_without_context.json", "/@context", "context" },
        { "ObjectEvent_with_ilmd_field_without_namespace.json", Event0 + "/ilmd/materialType", "extension-namespace" },
        { "ObjectEvent_with_invalid_action.json", Event0 + "/action", "/definitions/action/enum" },
        { "ObjectEvent_with_invalid_certificationInfo.json", Event0 + "/certificationInfo/1", "/definitions/uri/type" },
        { "ObjectEvent_with_invalid_eventTime_format.json", Event0 + "/eventTime", "/definitions/time/format" },
        { "ObjectEvent_with_non_standard_bizStep.json", Event0 + "/bizStep", "cbv-vocabulary" },
        { "ObjectEvent_with_non_standard_bizStep_in_second_event.json", Event1 + "/bizStep", "cbv-vocabulary" },
        { "ObjectEvent_with_non_standard_disposition.json", Event0 + "/disposition", "cbv-vocabulary" },
        { "ObjectEvent_with_quantity_as_text.json", Event0 + "/quantityList/0/quantity", "/definitions/decimal/type" },
        { "ObjectEvent_with_unknown_field_in_quantityList.json", Event0 + "/quantityList/0/weight", "/definitions/quantityElement/additionalProperties" },
        { "ObjectEvent_without_action_and_eventTime.json", Event0 + "/action", "/definitions/ObjectEvent/allOf/1/required" },
        { "ObjectEvent_without_identifier_list.json", Event0 + "/epcList", "object-event-identifiers" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void InvalidCorpusDocumentIsRejectedForItsProblem(string file, string pointer, string rule)
    {
        var problems = Validate(Corpus.PathOf("epcis", "openepcis", "Invalid", file));

        Assert.Contains(problems, p => !p.IsWarning && p.Pointer == pointer && p.Rule == rule);
    }

    [Fact]
    public void EveryInvalidCorpusDocumentHasAnExpectation()
    {
        var expected = InvalidDocuments.Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        var present = Corpus.Files(Path.Combine("epcis", "openepcis", "Invalid"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, present);
    }

    [Fact]
    public void SchemaAloneCatchesTenInvalidDocumentsAndSemanticRulesTheOtherFive()
    {
        var passingSchema = Corpus.Files(Path.Combine("epcis", "openepcis", "Invalid"), "*.json")
            .Where(f => WithSchema(f).Count == 0)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "Combination_of_non_standard_bizStep_and_disposition.json",
            "ObjectEvent_with_ilmd_field_without_namespace.json",
            "ObjectEvent_with_non_standard_bizStep.json",
            "ObjectEvent_with_non_standard_bizStep_in_second_event.json",
            "ObjectEvent_with_non_standard_disposition.json",
        ], passingSchema);
    }

    public static TheoryData<string> Gs1Examples => new(Corpus.Files(Path.Combine("epcis", "gs1-examples"), "*.jsonld"));

    [Theory]
    [MemberData(nameof(Gs1Examples))]
    public void Gs1ExampleIsAccepted(string file)
    {
        Assert.Empty(WithSchema(file));
        Assert.DoesNotContain(Validate(file), p => !p.IsWarning);
    }

    public static TheoryData<string> OpenEpcisDocuments => new(Corpus.Files(Path.Combine("epcis", "openepcis", "Documents"), "*.json")
        .Where(f => Path.GetFileName(f) != SchemaInvalidDocument));

    public static TheoryData<string> OpenEpcisEvents => new(Corpus.Files(Path.Combine("epcis", "openepcis", "Events"), "*.json"));

    private const string SchemaInvalidDocument = "SensorData_with_combined_events.json";

    [Theory]
    [MemberData(nameof(OpenEpcisDocuments))]
    [MemberData(nameof(OpenEpcisEvents))]
    public void OpenEpcisCaptureInputIsAccepted(string file)
    {
        Assert.Empty(WithSchema(file));
        Assert.DoesNotContain(Validate(file), p => !p.IsWarning);
    }

    [Fact]
    public void SensorDocumentWithReportsLackingTheirTypeIsTheOneSchemaInvalidDocument()
    {
        // Event 8 is an ALARM report whose two sensorReport entries carry exception and value but no type (measurement type is required).
        var problems = WithSchema(Corpus.PathOf("epcis", "openepcis", "Documents", SchemaInvalidDocument));

        Assert.Equal(
        [
            "/epcisBody/eventList/8/sensorElementList/0/sensorReport/0/type",
            "/epcisBody/eventList/8/sensorElementList/0/sensorReport/1/type",
        ], problems.Select(p => p.Pointer));
        Assert.All(problems, p => Assert.Equal("/definitions/sensorReport/required", p.Rule));
        Assert.Equal(38, Corpus.Files(Path.Combine("epcis", "openepcis", "Documents"), "*.json").Count());
    }

    private static IReadOnlyList<ValidationProblem> Validate(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return EpcisValidator.Validate(document.RootElement);
    }

    private static IReadOnlyList<ValidationProblem> WithSchema(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return EpcisValidator.ValidateWithSchema(document.RootElement);
    }
}
