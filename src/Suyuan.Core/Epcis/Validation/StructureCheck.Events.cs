using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>The five event types and Extended-Event; each event's fields are read in one pass, then checked in schema order.</summary>
internal sealed partial class StructureCheck
{
    // The event being checked; events do not nest.
    private EventFields ev;

    /// <summary>The fields the schema names on any event; absent ones are <see cref="JsonValueKind.Undefined"/>.</summary>
    private struct EventFields
    {
        public JsonElement Self, Context, Type, EventTime, RecordTime, EventTimeZoneOffset, EventId, CertificationInfo, ErrorDeclaration;
        public JsonElement Action, BizStep, Disposition, PersistentDisposition, ReadPoint, BizLocation;
        public JsonElement BizTransactionList, SourceList, DestinationList, SensorElementList, Ilmd;
        public JsonElement EpcList, QuantityList, ParentId, ChildEpcs, ChildQuantityList;
        public JsonElement InputEpcList, InputQuantityList, OutputEpcList, OutputQuantityList, TransformationId;

        public static EventFields Of(JsonElement e)
        {
            var f = new EventFields { Self = e };
            Span<char> buffer = stackalloc char[32];
            foreach (var property in e.EnumerateObject())
            {
                var value = property.Value;
                // Later duplicates win, as with TryGetProperty. A member given twice is not refused: JSON and the EPCIS schema
                // allow it, and GS1's own examples have it (AssociationEvent-h gives eventID twice); capture takes such an
                // event as its last occurrences say before validating it (DuplicateMembers).
                switch (NameOf(property, buffer))
                {
                    case "@context": f.Context = value; break;
                    case "type": f.Type = value; break;
                    case "eventTime": f.EventTime = value; break;
                    case "recordTime": f.RecordTime = value; break;
                    case "eventTimeZoneOffset": f.EventTimeZoneOffset = value; break;
                    case "eventID": f.EventId = value; break;
                    case "certificationInfo": f.CertificationInfo = value; break;
                    case "errorDeclaration": f.ErrorDeclaration = value; break;
                    case "action": f.Action = value; break;
                    case "bizStep": f.BizStep = value; break;
                    case "disposition": f.Disposition = value; break;
                    case "persistentDisposition": f.PersistentDisposition = value; break;
                    case "readPoint": f.ReadPoint = value; break;
                    case "bizLocation": f.BizLocation = value; break;
                    case "bizTransactionList": f.BizTransactionList = value; break;
                    case "sourceList": f.SourceList = value; break;
                    case "destinationList": f.DestinationList = value; break;
                    case "sensorElementList": f.SensorElementList = value; break;
                    case "ilmd": f.Ilmd = value; break;
                    case "epcList": f.EpcList = value; break;
                    case "quantityList": f.QuantityList = value; break;
                    case "parentID": f.ParentId = value; break;
                    case "childEPCs": f.ChildEpcs = value; break;
                    case "childQuantityList": f.ChildQuantityList = value; break;
                    case "inputEPCList": f.InputEpcList = value; break;
                    case "inputQuantityList": f.InputQuantityList = value; break;
                    case "outputEPCList": f.OutputEpcList = value; break;
                    case "outputQuantityList": f.OutputQuantityList = value; break;
                    case "transformationID": f.TransformationId = value; break;
                }
            }
            return f;
        }
    }

    /// <summary>A property name without allocating: the raw UTF-8 name widened into the buffer (ASCII), else the decoded name.</summary>
    private static ReadOnlySpan<char> NameOf(JsonProperty property, Span<char> buffer)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length > buffer.Length || raw.IndexOf((byte)'\\') >= 0 || !Ascii.IsValid(raw))
        {
            return property.Name;
        }
        Ascii.ToUtf16(raw, buffer, out var written);
        return buffer[..written];
    }

    private void DocumentEvent(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Add("/definitions/EPCIS-Document-Event/type", $"{JsonPointerText.Show(e)} must be a object");
            return;
        }
        ev = EventFields.Of(e);
        if (ev.Type.ValueKind == JsonValueKind.Undefined)
        {
            // As at the root: without a type every event shape applies; the missing type is the problem to report.
            AddAt("type", "/definitions/EPCIS-Document-Event/required", "'type' is required");
            return;
        }
        AnyEvent();
        Field(ev.Type, "type", DocumentEventType);
    }

    /// <summary>A single event as the document root.</summary>
    private void RootEvent(JsonElement e)
    {
        ev = EventFields.Of(e);
        AnyEvent();
        if (!contextOptional)
        {
            Missing("/definitions/required-ld-context/required", "@context", ev.Context);
        }
    }

    private void AnyEvent()
    {
        var type = ev.Type;
        if (type.ValueKind != JsonValueKind.String)
        {
            ExtendedEvent();
        }
        else if (type.ValueEquals("ObjectEvent"))
        {
            ObjectEvent();
        }
        else if (type.ValueEquals("AggregationEvent"))
        {
            AggregationEvent();
        }
        else if (type.ValueEquals("TransactionEvent"))
        {
            TransactionEvent();
        }
        else if (type.ValueEquals("TransformationEvent"))
        {
            TransformationEvent();
        }
        else if (type.ValueEquals("AssociationEvent"))
        {
            AssociationEvent();
        }
        else
        {
            ExtendedEvent();
        }
    }

    // Any other type: the common event fields and a type that is a (not asserted) URI.
    private void ExtendedEvent()
    {
        Event();
        Field(ev.Type, "type", VocabUri);
        Missing("/definitions/Extended-Event/allOf/1/required", "type", ev.Type);
    }

    private void Event()
    {
        Field(ev.Context, "@context", static (c, v) => c.Context(v));
        Field(ev.EventTime, "eventTime", Time);
        Field(ev.RecordTime, "recordTime", Time);
        Field(ev.EventTimeZoneOffset, "eventTimeZoneOffset", TimeZoneOffset);
        Field(ev.EventId, "eventID", Uri);
        Field(ev.CertificationInfo, "certificationInfo", static (c, v) => c.CertificationInfo(v));
        Field(ev.ErrorDeclaration, "errorDeclaration", static (c, v) => c.ErrorDeclaration(v));
        Missing("/definitions/Event/required", "eventTime", ev.EventTime, "eventTimeZoneOffset", ev.EventTimeZoneOffset);
    }

    private const string Object1 = "/definitions/ObjectEvent/allOf/1";
    private const string Object2 = "/definitions/ObjectEvent/allOf/2/anyOf";

    private void ObjectEvent()
    {
        Event();
        Field(ev.EpcList, "epcList", static (c, v) => c.EpcList(v));
        Field(ev.QuantityList, "quantityList", static (c, v) => c.QuantityList(v));
        Field(ev.Action, "action", Action);
        Field(ev.BizStep, "bizStep", BizStep);
        Field(ev.Disposition, "disposition", Disposition);
        Field(ev.PersistentDisposition, "persistentDisposition", static (c, v) => c.PersistentDisposition(v));
        Field(ev.ReadPoint, "readPoint", static (c, v) => c.ReadPoint(v));
        Field(ev.BizLocation, "bizLocation", static (c, v) => c.BizLocation(v));
        Field(ev.BizTransactionList, "bizTransactionList", Object1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        Field(ev.SourceList, "sourceList", Object1 + "/properties/sourceList", static (c, v) => c.Source(v));
        Field(ev.DestinationList, "destinationList", Object1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        Field(ev.SensorElementList, "sensorElementList", Object1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Field(ev.Ilmd, "ilmd", static (c, v) => c.IsObject(v, "/definitions/ilmd"));
        Missing(Object1 + "/required", "type", ev.Type, "action", ev.Action);
        AnyOf("/definitions/ObjectEvent/allOf/2", ev.Self,
            static (c, _) =>
            {
                c.Field(c.ev.EpcList, "epcList", Object2 + "/0/properties/epcList", Id);
                c.Missing(Object2 + "/0/required", "epcList", c.ev.EpcList);
            },
            static (c, _) =>
            {
                c.Field(c.ev.QuantityList, "quantityList", Object2 + "/1/properties/quantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Missing(Object2 + "/1/required", "quantityList", c.ev.QuantityList);
            },
            static (c, _) =>
            {
                c.Field(c.ev.SensorElementList, "sensorElementList", Object2 + "/2/allOf/0/properties/sensorElementList", static (c, v) => c.SensorElement(v), minItems: 1);
                c.Missing(Object2 + "/2/allOf/0/required", "sensorElementList", c.ev.SensorElementList);
                c.Field(c.ev.ReadPoint, "readPoint", static (c, v) => c.ReadPoint(v));
                c.Missing(Object2 + "/2/allOf/1/required", "readPoint", c.ev.ReadPoint);
            });
        // ilmd belongs to the event that creates the objects: it is allowed only with action ADD.
        AnyOf("/definitions/ObjectEvent/allOf/3", ev.Self,
            static (c, _) =>
            {
                c.Absent(c.ev.Ilmd);
                c.Field(c.ev.Action, "action", ObjectObserve);
            },
            static (c, _) =>
            {
                c.Absent(c.ev.Ilmd);
                c.Field(c.ev.Action, "action", ObjectDelete);
            },
            static (c, _) => c.Field(c.ev.Action, "action", ObjectAdd));
    }

    private const string Aggregation1 = "/definitions/AggregationEvent/allOf/1";
    private const string Aggregation2 = "/definitions/AggregationEvent/allOf/2/anyOf";

    private void AggregationEvent()
    {
        Event();
        Field(ev.ParentId, "parentID", Uri);
        Field(ev.ChildEpcs, "childEPCs", Aggregation1 + "/properties/childEPCs", Uri);
        Field(ev.ChildQuantityList, "childQuantityList", Aggregation1 + "/properties/childQuantityList", static (c, v) => c.Quantity(v));
        Field(ev.Action, "action", Action);
        Field(ev.BizStep, "bizStep", BizStep);
        Field(ev.Disposition, "disposition", Disposition);
        Field(ev.ReadPoint, "readPoint", static (c, v) => c.ReadPoint(v));
        Field(ev.BizLocation, "bizLocation", static (c, v) => c.BizLocation(v));
        Field(ev.BizTransactionList, "bizTransactionList", Aggregation1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        Field(ev.SourceList, "sourceList", Aggregation1 + "/properties/sourceList", static (c, v) => c.Source(v));
        Field(ev.DestinationList, "destinationList", Aggregation1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        Field(ev.SensorElementList, "sensorElementList", Aggregation1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Missing(Aggregation1 + "/required", "type", ev.Type, "action", ev.Action);
        AnyOf("/definitions/AggregationEvent/allOf/2", ev.Self,
            static (c, _) =>
            {
                c.Field(c.ev.ChildEpcs, "childEPCs", Aggregation2 + "/0/properties/childEPCs", Id, minItems: 1);
                c.Missing(Aggregation2 + "/0/required", "childEPCs", c.ev.ChildEpcs);
            },
            static (c, _) =>
            {
                c.Field(c.ev.ChildQuantityList, "childQuantityList", Aggregation2 + "/1/properties/childQuantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Missing(Aggregation2 + "/1/required", "childQuantityList", c.ev.ChildQuantityList);
            },
            static (c, _) => c.Field(c.ev.Action, "action", AggregationDelete));
    }

    private const string Association1 = "/definitions/AssociationEvent/allOf/1";
    private const string Association2 = "/definitions/AssociationEvent/allOf/2/anyOf";

    private void AssociationEvent()
    {
        Event();
        Field(ev.ParentId, "parentID", Uri);
        Field(ev.ChildEpcs, "childEPCs", Association1 + "/properties/childEPCs", Uri);
        Field(ev.ChildQuantityList, "childQuantityList", Association1 + "/properties/childQuantityList", static (c, v) => c.Quantity(v));
        Field(ev.Action, "action", Action);
        Field(ev.BizStep, "bizStep", BizStep);
        Field(ev.Disposition, "disposition", Disposition);
        Field(ev.ReadPoint, "readPoint", static (c, v) => c.ReadPoint(v));
        Field(ev.BizLocation, "bizLocation", static (c, v) => c.BizLocation(v));
        Field(ev.BizTransactionList, "bizTransactionList", Association1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        Field(ev.SourceList, "sourceList", Association1 + "/properties/sourceList", static (c, v) => c.Source(v));
        Field(ev.DestinationList, "destinationList", Association1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        Field(ev.SensorElementList, "sensorElementList", Association1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Missing(Association1 + "/required", "type", ev.Type, "action", ev.Action, "parentID", ev.ParentId);
        AnyOf("/definitions/AssociationEvent/allOf/2", ev.Self,
            static (c, _) =>
            {
                c.Field(c.ev.ChildEpcs, "childEPCs", Association2 + "/0/properties/childEPCs", Id, minItems: 1);
                c.Missing(Association2 + "/0/required", "childEPCs", c.ev.ChildEpcs);
            },
            static (c, _) =>
            {
                c.Field(c.ev.ChildQuantityList, "childQuantityList", Association2 + "/1/properties/childQuantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Missing(Association2 + "/1/required", "childQuantityList", c.ev.ChildQuantityList);
            },
            static (c, _) => c.Field(c.ev.Action, "action", AssociationDelete));
    }

    private const string Transaction1 = "/definitions/TransactionEvent/allOf/1";
    private const string Transaction2 = "/definitions/TransactionEvent/allOf/2/anyOf";

    private void TransactionEvent()
    {
        Event();
        Field(ev.BizTransactionList, "bizTransactionList", Transaction1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v), minItems: 1);
        Field(ev.ParentId, "parentID", Uri);
        Field(ev.EpcList, "epcList", Transaction1 + "/properties/epcList", Uri);
        Field(ev.QuantityList, "quantityList", Transaction1 + "/properties/quantityList", static (c, v) => c.Quantity(v));
        Field(ev.Action, "action", Action);
        Field(ev.BizStep, "bizStep", BizStep);
        Field(ev.Disposition, "disposition", Disposition);
        Field(ev.ReadPoint, "readPoint", static (c, v) => c.ReadPoint(v));
        Field(ev.BizLocation, "bizLocation", static (c, v) => c.BizLocation(v));
        Field(ev.SourceList, "sourceList", Transaction1 + "/properties/sourceList", static (c, v) => c.Source(v));
        Field(ev.DestinationList, "destinationList", Transaction1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        Field(ev.SensorElementList, "sensorElementList", Transaction1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Missing(Transaction1 + "/required", "type", ev.Type, "bizTransactionList", ev.BizTransactionList, "action", ev.Action);
        AnyOf("/definitions/TransactionEvent/allOf/2", ev.Self,
            static (c, _) =>
            {
                c.Field(c.ev.EpcList, "epcList", Transaction2 + "/0/properties/epcList", Id);
                c.Missing(Transaction2 + "/0/required", "epcList", c.ev.EpcList);
            },
            static (c, _) =>
            {
                c.Field(c.ev.QuantityList, "quantityList", Transaction2 + "/1/properties/quantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Missing(Transaction2 + "/1/required", "quantityList", c.ev.QuantityList);
            },
            static (c, _) => c.Field(c.ev.Action, "action", TransactionDelete));
    }

    private const string Transformation1 = "/definitions/TransformationEvent/allOf/1";
    private const string BothSides = "/definitions/TransformationEvent/allOf/2/anyOf/0/allOf";
    private const string EitherSide = "/definitions/TransformationEvent/allOf/2/anyOf/1";

    private void TransformationEvent()
    {
        Event();
        Field(ev.InputEpcList, "inputEPCList", static (c, v) => c.EpcList(v));
        Field(ev.InputQuantityList, "inputQuantityList", static (c, v) => c.QuantityList(v));
        Field(ev.OutputEpcList, "outputEPCList", static (c, v) => c.EpcList(v));
        Field(ev.OutputQuantityList, "outputQuantityList", static (c, v) => c.QuantityList(v));
        Field(ev.TransformationId, "transformationID", Uri);
        Field(ev.BizStep, "bizStep", BizStep);
        Field(ev.Disposition, "disposition", Disposition);
        Field(ev.PersistentDisposition, "persistentDisposition", static (c, v) => c.PersistentDisposition(v));
        Field(ev.ReadPoint, "readPoint", static (c, v) => c.ReadPoint(v));
        Field(ev.BizLocation, "bizLocation", static (c, v) => c.BizLocation(v));
        Field(ev.BizTransactionList, "bizTransactionList", Transformation1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        Field(ev.SourceList, "sourceList", Transformation1 + "/properties/sourceList", static (c, v) => c.Source(v));
        Field(ev.DestinationList, "destinationList", Transformation1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        Field(ev.SensorElementList, "sensorElementList", Transformation1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Field(ev.Ilmd, "ilmd", static (c, v) => c.IsObject(v, "/definitions/ilmd"));
        Missing(Transformation1 + "/required", "type", ev.Type);
        // Inputs and outputs; or, with a transformationID, either side alone.
        AnyOf("/definitions/TransformationEvent/allOf/2", ev.Self,
            static (c, _) =>
            {
                c.AnyOf(BothSides + "/0", c.ev.Self,
                    static (c, _) => c.Side(c.ev.InputEpcList, "inputEPCList", BothSides + "/0/anyOf/0", AnyString),
                    static (c, _) => c.Side(c.ev.InputQuantityList, "inputQuantityList", BothSides + "/0/anyOf/1", AnyObject));
                c.AnyOf(BothSides + "/1", c.ev.Self,
                    static (c, _) => c.Side(c.ev.OutputEpcList, "outputEPCList", BothSides + "/1/anyOf/0", AnyString),
                    static (c, _) => c.Side(c.ev.OutputQuantityList, "outputQuantityList", BothSides + "/1/anyOf/1", AnyObject));
            },
            static (c, _) =>
            {
                c.AnyOf(EitherSide, c.ev.Self,
                    static (c, _) => c.Side(c.ev.InputEpcList, "inputEPCList", EitherSide + "/anyOf/0", AnyString),
                    static (c, _) => c.Side(c.ev.InputQuantityList, "inputQuantityList", EitherSide + "/anyOf/1", AnyObject),
                    static (c, _) => c.Side(c.ev.OutputEpcList, "outputEPCList", EitherSide + "/anyOf/2", AnyString),
                    static (c, _) => c.Side(c.ev.OutputQuantityList, "outputQuantityList", EitherSide + "/anyOf/3", AnyObject));
                c.Missing(EitherSide + "/required", "transformationID", c.ev.TransformationId);
            });
    }

    private void Side(JsonElement list, string name, string location, SchemaLeaf item)
    {
        // The location is built only when a side fails, which the anyOf then reports.
        if (list.ValueKind == JsonValueKind.Undefined)
        {
            AddAt(name, location + "/required", $"'{name}' is required");
            return;
        }
        if (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() >= 1 && AllAccepted(list, item))
        {
            return;
        }
        // The rule names this site's own items subschema; it is read from the schema only on this failing path.
        Field(list, name, location + "/properties/" + name, SchemaLeaf.At(location + "/properties/" + name + "/items"), minItems: 1);
    }

    private static bool AllAccepted(JsonElement list, SchemaLeaf item)
    {
        foreach (var element in list.EnumerateArray())
        {
            if (!item.Accepts(element))
            {
                return false;
            }
        }
        return true;
    }

    // ---- present-or-absent fields ----

    private void Field(JsonElement value, string name, SchemaLeaf leaf)
    {
        if (value.ValueKind != JsonValueKind.Undefined && !leaf.Accepts(value))
        {
            Push(name);
            leaf.Report(value, this);
            Pop();
        }
    }

    private void Field(JsonElement value, string name, Action<StructureCheck, JsonElement> check)
    {
        if (value.ValueKind != JsonValueKind.Undefined)
        {
            Push(name);
            check(this, value);
            Pop();
        }
    }

    private void Missing(string rule, string name, JsonElement value, string? name2 = null, JsonElement value2 = default, string? name3 = null, JsonElement value3 = default)
    {
        List<string>? missing = null;
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            (missing ??= []).Add(name);
        }
        if (name2 is not null && value2.ValueKind == JsonValueKind.Undefined)
        {
            (missing ??= []).Add(name2);
        }
        if (name3 is not null && value3.ValueKind == JsonValueKind.Undefined)
        {
            (missing ??= []).Add(name3);
        }
        if (missing is not null)
        {
            AddAt(missing[0], rule, missing.Count == 1 ? $"'{missing[0]}' is required" : $"{string.Join(", ", missing.Select(m => $"'{m}'"))} are required");
        }
    }

    // A failed 'not: {}' (the field must be absent) fails its branch; the schema path reports no problem for it.
    private void Absent(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Undefined)
        {
            unreported++;
        }
    }
}
