using System.Globalization;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Json;

/// <summary>Writes the model as EPCIS 2.0 JSON-LD, fields in the order the standard lists them.</summary>
internal static class EpcisJsonWriter
{
    public static void WriteDocument(Utf8JsonWriter w, EpcisDocument d, int flushEvery)
    {
        w.WriteStartObject();
        w.WritePropertyName("@context");
        d.Context.Element.WriteTo(w);
        w.WriteString("type", d.Kind == EpcisDocumentKind.QueryDocument ? "EPCISQueryDocument" : "EPCISDocument");
        WriteOptional(w, "id", d.Id);
        WriteOptional(w, "schemaVersion", d.SchemaVersion);
        if (d.CreationDate is { } created)
        {
            WriteTime(w, "creationDate", created);
        }
        WriteOptional(w, "instanceIdentifier", d.InstanceIdentifier);
        WriteOptional(w, "sender", d.Sender);
        WriteOptional(w, "receiver", d.Receiver);
        WriteExtensions(w, d.Extensions);
        if (d.Header is { } header)
        {
            w.WriteStartObject("epcisHeader");
            if (header.MasterData is { } masterData)
            {
                w.WriteStartObject("epcisMasterData");
                if (masterData.VocabularyList is { } vocabularies)
                {
                    WriteVocabularies(w, vocabularies);
                }
                WriteExtensions(w, masterData.Extensions);
                w.WriteEndObject();
            }
            WriteExtensions(w, header.Extensions);
            w.WriteEndObject();
        }
        w.WriteStartObject("epcisBody");
        if (d.Kind == EpcisDocumentKind.QueryDocument)
        {
            var results = d.QueryResults ?? new QueryResults();
            w.WriteStartObject("queryResults");
            WriteOptional(w, "queryName", results.QueryName);
            WriteOptional(w, "subscriptionID", results.SubscriptionId);
            WriteExtensions(w, results.Extensions);
            w.WriteStartObject("resultsBody");
            WriteEventList(w, d.Events, flushEvery);
            if (results.VocabularyList is { } vocabularies)
            {
                WriteVocabularies(w, vocabularies);
            }
            WriteExtensions(w, results.ResultsBodyExtensions);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            WriteEventList(w, d.Events, flushEvery);
        }
        WriteExtensions(w, d.BodyExtensions);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteEventList(Utf8JsonWriter w, ValueList<EpcisEvent> events, int flushEvery)
    {
        w.WriteStartArray("eventList");
        foreach (var evt in events)
        {
            WriteEvent(w, evt);
            // Bounded memory when writing a large document to a stream.
            if (flushEvery > 0 && w.BytesPending > flushEvery)
            {
                w.Flush();
            }
        }
        w.WriteEndArray();
    }

    public static void WriteEvent(Utf8JsonWriter w, EpcisEvent e)
    {
        w.WriteStartObject();
        if (e.Context is { } context)
        {
            w.WritePropertyName("@context");
            context.Element.WriteTo(w);
        }
        w.WriteString("type", e.Type);
        WriteOptional(w, "eventID", e.EventId);
        WriteTime(w, "eventTime", e.EventTime);
        if (e.RecordTime is { } recordTime)
        {
            WriteTime(w, "recordTime", recordTime);
        }
        WriteOptional(w, "eventTimeZoneOffset", e.EventTimeZoneOffset);
        if (e.CertificationInfo is { } certificates)
        {
            if (certificates.Count == 1)
            {
                w.WriteString("certificationInfo", certificates[0]);
            }
            else
            {
                WriteStrings(w, "certificationInfo", certificates);
            }
        }
        if (e.ErrorDeclaration is { } error)
        {
            w.WriteStartObject("errorDeclaration");
            WriteTime(w, "declarationTime", error.DeclarationTime);
            WriteOptional(w, "reason", error.Reason);
            WriteStrings(w, "correctiveEventIDs", error.CorrectiveEventIds);
            WriteExtensions(w, error.Extensions);
            w.WriteEndObject();
        }
        EpcisAction? action = null;
        ValueList<EpcisExtension>? ilmd = null;
        switch (e)
        {
            case ObjectEvent o:
                WriteStrings(w, "epcList", o.EpcList);
                WriteQuantities(w, "quantityList", o.QuantityList);
                action = o.Action;
                ilmd = o.Ilmd;
                break;
            case AggregationEvent a:
                WriteOptional(w, "parentID", a.ParentId);
                WriteStrings(w, "childEPCs", a.ChildEpcs);
                WriteQuantities(w, "childQuantityList", a.ChildQuantityList);
                action = a.Action;
                break;
            case AssociationEvent a:
                WriteOptional(w, "parentID", a.ParentId);
                WriteStrings(w, "childEPCs", a.ChildEpcs);
                WriteQuantities(w, "childQuantityList", a.ChildQuantityList);
                action = a.Action;
                break;
            case TransactionEvent t:
                WriteOptional(w, "parentID", t.ParentId);
                WriteStrings(w, "epcList", t.EpcList);
                WriteQuantities(w, "quantityList", t.QuantityList);
                action = t.Action;
                break;
            case TransformationEvent t:
                WriteStrings(w, "inputEPCList", t.InputEpcList);
                WriteQuantities(w, "inputQuantityList", t.InputQuantityList);
                WriteStrings(w, "outputEPCList", t.OutputEpcList);
                WriteQuantities(w, "outputQuantityList", t.OutputQuantityList);
                WriteOptional(w, "transformationID", t.TransformationId);
                ilmd = t.Ilmd;
                break;
        }
        if (action is { } a2)
        {
            w.WriteString("action", a2 switch { EpcisAction.Add => "ADD", EpcisAction.Delete => "DELETE", _ => "OBSERVE" });
        }
        WriteOptional(w, "bizStep", e.BizStep);
        WriteOptional(w, "disposition", e.Disposition);
        if (e.PersistentDisposition is { } persistent)
        {
            w.WriteStartObject("persistentDisposition");
            WriteStrings(w, "set", persistent.Set);
            WriteStrings(w, "unset", persistent.Unset);
            w.WriteEndObject();
        }
        WriteLocation(w, "readPoint", e.ReadPoint);
        WriteLocation(w, "bizLocation", e.BizLocation);
        if (e.BizTransactionList is { } transactions)
        {
            w.WriteStartArray("bizTransactionList");
            foreach (var t in transactions)
            {
                w.WriteStartObject();
                WriteOptional(w, "type", t.Type);
                w.WriteString("bizTransaction", t.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        WriteSourcesOrDestinations(w, "sourceList", "source", e.SourceList);
        WriteSourcesOrDestinations(w, "destinationList", "destination", e.DestinationList);
        if (e.SensorElementList is { } sensorElements)
        {
            w.WriteStartArray("sensorElementList");
            foreach (var element in sensorElements)
            {
                WriteSensorElement(w, element);
            }
            w.WriteEndArray();
        }
        if (ilmd is not null)
        {
            w.WriteStartObject("ilmd");
            WriteExtensions(w, ilmd);
            w.WriteEndObject();
        }
        WriteExtensions(w, e.Extensions);
        w.WriteEndObject();
    }

    private static void WriteSensorElement(Utf8JsonWriter w, SensorElement element)
    {
        w.WriteStartObject();
        if (element.SensorMetadata is { } m)
        {
            w.WriteStartObject("sensorMetadata");
            WriteTime(w, "time", m.Time);
            WriteOptional(w, "deviceID", m.DeviceId);
            WriteOptional(w, "deviceMetadata", m.DeviceMetadata);
            WriteOptional(w, "rawData", m.RawData);
            WriteTime(w, "startTime", m.StartTime);
            WriteTime(w, "endTime", m.EndTime);
            WriteOptional(w, "dataProcessingMethod", m.DataProcessingMethod);
            WriteOptional(w, "bizRules", m.BizRules);
            WriteExtensions(w, m.Extensions);
            w.WriteEndObject();
        }
        w.WriteStartArray("sensorReport");
        foreach (var r in element.SensorReport)
        {
            w.WriteStartObject();
            WriteOptional(w, "type", r.Type);
            WriteOptional(w, "exception", r.Exception);
            WriteOptional(w, "deviceID", r.DeviceId);
            WriteOptional(w, "deviceMetadata", r.DeviceMetadata);
            WriteOptional(w, "rawData", r.RawData);
            WriteOptional(w, "dataProcessingMethod", r.DataProcessingMethod);
            WriteOptional(w, "bizRules", r.BizRules);
            WriteTime(w, "time", r.Time);
            WriteOptional(w, "microorganism", r.Microorganism);
            WriteOptional(w, "chemicalSubstance", r.ChemicalSubstance);
            WriteOptional(w, "coordinateReferenceSystem", r.CoordinateReferenceSystem);
            WriteNumber(w, "value", r.Value);
            WriteOptional(w, "component", r.Component);
            WriteOptional(w, "stringValue", r.StringValue);
            if (r.BooleanValue is { } b)
            {
                w.WriteBoolean("booleanValue", b);
            }
            WriteOptional(w, "hexBinaryValue", r.HexBinaryValue);
            WriteOptional(w, "uriValue", r.UriValue);
            WriteNumber(w, "minValue", r.MinValue);
            WriteNumber(w, "maxValue", r.MaxValue);
            WriteNumber(w, "meanValue", r.MeanValue);
            WriteNumber(w, "sDev", r.SDev);
            WriteNumber(w, "percRank", r.PercRank);
            WriteNumber(w, "percValue", r.PercValue);
            WriteOptional(w, "uom", r.Uom);
            WriteExtensions(w, r.Extensions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteExtensions(w, element.Extensions);
        w.WriteEndObject();
    }

    private static void WriteVocabularies(Utf8JsonWriter w, ValueList<Vocabulary> vocabularies)
    {
        w.WriteStartArray("vocabularyList");
        foreach (var v in vocabularies)
        {
            w.WriteStartObject();
            w.WriteString("type", v.Type);
            if (v.VocabularyElementList is { } elements)
            {
                w.WriteStartArray("vocabularyElementList");
                foreach (var element in elements)
                {
                    w.WriteStartObject();
                    w.WriteString("id", element.Id);
                    if (element.Attributes is { } attributes)
                    {
                        w.WriteStartArray("attributes");
                        foreach (var attribute in attributes)
                        {
                            w.WriteStartObject();
                            w.WriteString("id", attribute.Id);
                            if (attribute.Attribute is { } value)
                            {
                                w.WritePropertyName("attribute");
                                value.Element.WriteTo(w);
                            }
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }
                    WriteStrings(w, "children", element.Children);
                    WriteExtensions(w, element.Extensions);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteExtensions(w, v.Extensions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteLocation(Utf8JsonWriter w, string name, EpcisLocation? location)
    {
        if (location is null)
        {
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("id", location.Id);
        WriteExtensions(w, location.Extensions);
        w.WriteEndObject();
    }

    private static void WriteSourcesOrDestinations(Utf8JsonWriter w, string listName, string valueName, ValueList<SourceOrDestination>? list)
    {
        if (list is null)
        {
            return;
        }
        w.WriteStartArray(listName);
        foreach (var item in list)
        {
            w.WriteStartObject();
            w.WriteString("type", item.Type);
            w.WriteString(valueName, item.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteQuantities(Utf8JsonWriter w, string name, ValueList<QuantityElement>? quantities)
    {
        if (quantities is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var q in quantities)
        {
            w.WriteStartObject();
            w.WriteString("epcClass", q.EpcClass);
            WriteNumber(w, "quantity", q.Quantity);
            WriteOptional(w, "uom", q.Uom);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, ValueList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }

    private static void WriteExtensions(Utf8JsonWriter w, ValueList<EpcisExtension> extensions)
    {
        foreach (var extension in extensions)
        {
            w.WritePropertyName(extension.Name);
            extension.Value.Element.WriteTo(w);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            return;
        }
        if (time.Offset != TimeSpan.Zero)
        {
            w.WriteString(name, time);
            return;
        }
        // UTC as "Z", the form the EPCIS examples use.
        Span<char> text = stackalloc char[40];
        time.UtcDateTime.TryFormat(text, out var length, time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        w.WriteString(name, text[..length]);
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
    }
}
