using System.Text;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;

namespace Suyuan.Core.Tests.Epcis.Model;

public sealed class EpcisJsonReadingTests
{
    private const string Gs1Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    private static string Document(string events, string context = $"[\"{Gs1Context}\", {{\"example\": \"http://ns.example.com/epcis/\"}}]") => $$"""
        {
          "@context": {{context}},
          "type": "EPCISDocument",
          "schemaVersion": "2.0",
          "creationDate": "2024-05-01T08:00:00Z",
          "epcisBody": { "eventList": [ {{events}} ] }
        }
        """;

    private const string Observation = """
        {
          "type": "ObjectEvent",
          "eventTime": "2024-05-01T08:30:00.000+08:00",
          "eventTimeZoneOffset": "+08:00",
          "epcList": ["urn:epc:id:sgtin:6901234.012345.1001"],
          "action": "OBSERVE",
          "bizStep": "shipping",
          "disposition": "cbv:Disp-in_transit",
          "readPoint": { "id": "https://id.gs1.org/414/6901234000017", "example:gate": "3" },
          "bizLocation": { "id": "urn:epc:id:sgln:6901234.00001.0" },
          "example:temperature": { "example:celsius": 4.5 }
        }
        """;

    [Fact]
    public void VocabularyValuesAndIdentifiersAreKeptAsWritten()
    {
        var evt = Assert.IsType<ObjectEvent>(Assert.Single(EpcisJson.ReadDocument(Document(Observation)).Events));

        Assert.Equal("shipping", evt.BizStep);
        Assert.Equal("cbv:Disp-in_transit", evt.Disposition);
        Assert.Equal("https://id.gs1.org/414/6901234000017", evt.ReadPoint!.Id);
        Assert.Equal(["urn:epc:id:sgtin:6901234.012345.1001"], evt.EpcList!);
        Assert.Equal(EpcisAction.Observe, evt.Action);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 30, 0, TimeSpan.FromHours(8)), evt.EventTime);
        Assert.Equal(TimeSpan.FromHours(8), evt.EventTime.Offset);
    }

    [Fact]
    public void ExtensionsKeepPrefixNamespaceAndValue()
    {
        var evt = EpcisJson.ReadDocument(Document(Observation)).Events[0];

        var extension = Assert.Single(evt.Extensions);
        Assert.Equal("example:temperature", extension.Name);
        Assert.Equal("example", extension.Prefix);
        Assert.Equal("http://ns.example.com/epcis/", extension.NamespaceIri);
        Assert.Equal("http://ns.example.com/epcis/temperature", extension.Iri);
        Assert.Equal(4.5m, extension.Value.Element.GetProperty("example:celsius").GetDecimal());
        var gate = Assert.Single(evt.ReadPoint!.Extensions);
        Assert.Equal(("example:gate", "http://ns.example.com/epcis/"), (gate.Name, gate.NamespaceIri));
    }

    [Fact]
    public void AnEventsOwnContextDeclaresItsPrefixes()
    {
        var doc = EpcisJson.ReadDocument(File.ReadAllBytes(Corpus.PathOf("epcis", "openepcis", "Documents", "Namespaces_at_different_level.json")));

        var first = doc.Events[0];
        Assert.NotNull(first.Context);
        Assert.Equal("http://www.ext2.net/", first.Extensions.Single(e => e.Name == "ext2:address").NamespaceIri);
        Assert.Equal("https://ns.ext.de/epcis/", first.Extensions.Single(e => e.Name == "ext1:name").NamespaceIri);
        Assert.Equal("http://www.ext4.net/", doc.Events[1].Extensions.Single(e => e.Name == "ext4:address").NamespaceIri);
        Assert.Null(doc.Events[2].Context);
    }

    [Fact]
    public void TheSimpleGs1ContextIsResolvedOffline()
    {
        var doc = EpcisJson.ReadDocument(Document(Observation, """["https://gs1.github.io/EPCIS/epcis-context-simple.jsonld", {"example": "http://ns.example.com/epcis/"}]"""));

        Assert.Equal("shipping", doc.Events[0].BizStep);
        Assert.Equal("https://gs1.github.io/EPCIS/epcis-context-simple.jsonld", doc.Context.Element[0].GetString());
    }

    [Fact]
    public void AllFieldsOfAnObjectEventAreRead()
    {
        var doc = EpcisJson.ReadDocument(File.ReadAllBytes(Corpus.PathOf("epcis", "gs1-examples", "WithFullCombinationOfFields", "object_event_all_possible_fields.jsonld")));
        var evt = Assert.IsType<ObjectEvent>(Assert.Single(doc.Events));

        Assert.Equal("2013-06-04T14:59:02.099+02:00", doc.CreationDate!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("urn:epc:id:sgln:0353579.00001.0", doc.Sender);
        Assert.Equal("incorrect_data", evt.ErrorDeclaration!.Reason);
        Assert.Single(evt.ErrorDeclaration.CorrectiveEventIds!);
        Assert.Equal(new QuantityElement("urn:epc:class:lgtin:4012345.012345.998877", 200m, "KGM"), evt.QuantityList![0]);
        Assert.Equal(new BizTransaction("po", "urn:epc:id:gdti:0614141.00001.1618034"), evt.BizTransactionList![0]);
        Assert.Equal(new SourceOrDestination("possessing_party", "urn:epc:id:pgln:4012345.00225"), evt.SourceList![1]);
        Assert.Equal(3, evt.DestinationList!.Count);
        Assert.Equal(["completeness_verified"], evt.PersistentDisposition!.Set!);
        Assert.Equal(["completeness_inferred"], evt.PersistentDisposition.Unset!);
        var sensor = Assert.Single(evt.SensorElementList!);
        Assert.Equal("urn:epc:id:giai:4000001.111", sensor.SensorMetadata!.DeviceId);
        Assert.Equal("http://example.com/ext1/", Assert.Single(sensor.SensorMetadata.Extensions).NamespaceIri);
        var report = Assert.Single(sensor.SensorReport);
        Assert.Equal(("Temperature", 26m, 26.2m, 0.1m, true, "f0f0f0", "CEL"), (report.Type, report.Value, report.MaxValue, report.SDev, report.BooleanValue, report.HexBinaryValue, report.Uom));
        Assert.Equal("example:x", report.Component);
        Assert.Equal("ext1:someFurtherReportData", Assert.Single(report.Extensions).Name);
        Assert.Equal(8, sensor.Extensions.Count);
        Assert.Contains(evt.Ilmd!, e => e.Name == "cbvmda:lotNumber" && e.Value.Element.GetString() == "ABC123");
        Assert.Equal(["https://accreditation-council.example.org/certificate/ABC12345"], evt.CertificationInfo!);
        Assert.Equal(8, evt.Extensions.Count);
    }

    [Fact]
    public void QueryDocumentsKeepTheirQueryResults()
    {
        var doc = EpcisJson.ReadDocument(File.ReadAllBytes(Corpus.PathOf("epcis", "gs1-examples", "EPCISQueryDocument.jsonld")));

        Assert.Equal(EpcisDocumentKind.QueryDocument, doc.Kind);
        Assert.Equal("SimpleEventQuery", doc.QueryResults!.QueryName);
        Assert.Equal("32d2aec1-a6d2-46d9-900a-24124288cce1", doc.QueryResults.SubscriptionId);
        Assert.NotEmpty(doc.Events);
        Assert.Contains("\"queryResults\"", Encoding.UTF8.GetString(EpcisJson.WriteToUtf8Bytes(doc)));
    }

    [Fact]
    public void CertificationInfoMayBeAnArray()
    {
        var doc = EpcisJson.ReadDocument(Document(Observation.Replace("\"action\"", "\"certificationInfo\": [\"https://cert.example.org/1\", \"https://cert.example.org/2\"], \"action\"")));

        Assert.Equal(["https://cert.example.org/1", "https://cert.example.org/2"], doc.Events[0].CertificationInfo!);
        Assert.Equal(doc, EpcisJson.ReadDocument(EpcisJson.WriteToUtf8Bytes(doc)));
    }

    [Fact]
    public void UtcTimesAreWrittenWithZ()
    {
        var evt = EpcisJson.ReadDocument(Document(Observation.Replace("2024-05-01T08:30:00.000+08:00", "2024-05-01T00:30:00.250Z"))).Events[0];

        var json = Encoding.UTF8.GetString(EpcisJson.WriteEventToUtf8Bytes(evt));

        Assert.Contains("\"eventTime\":\"2024-05-01T00:30:00.25Z\"", json);
        Assert.Contains("\"eventTimeZoneOffset\":\"+08:00\"", json);
    }

    [Fact]
    public void WritingKeepsTheDocumentContextAndPutsItFirst()
    {
        var doc = EpcisJson.ReadDocument(File.ReadAllBytes(Corpus.PathOf("epcis", "gs1-examples", "WithFullCombinationOfFields", "object_event_all_possible_fields.jsonld")));

        var json = Encoding.UTF8.GetString(EpcisJson.WriteToUtf8Bytes(doc));

        Assert.StartsWith($"{{\"@context\":[\"{Gs1Context}\",{{\"ext3\":\"http://example.com/ext3/\"}}", json);
    }
}
