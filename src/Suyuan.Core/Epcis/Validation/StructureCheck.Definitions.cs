using System.Text.Json;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>The definitions of the EPCIS 2.0 JSON Schema, one method each, in the schema's keyword order.</summary>
internal sealed partial class StructureCheck
{
    private static readonly SchemaLeaf Uri = SchemaLeaf.At("/definitions/uri");
    private static readonly SchemaLeaf Id = SchemaLeaf.At("/definitions/id");
    private static readonly SchemaLeaf Time = SchemaLeaf.At("/definitions/time");
    private static readonly SchemaLeaf Decimal = SchemaLeaf.At("/definitions/decimal");
    private static readonly SchemaLeaf Uom = SchemaLeaf.At("/definitions/uom");
    private static readonly SchemaLeaf Version = SchemaLeaf.At("/definitions/version");
    private static readonly SchemaLeaf VocabUri = SchemaLeaf.At("/definitions/vocab-uri");
    private static readonly SchemaLeaf Action = SchemaLeaf.At("/definitions/action");
    private static readonly SchemaLeaf BizStep = SchemaLeaf.At("/definitions/bizStep");
    private static readonly SchemaLeaf Disposition = SchemaLeaf.At("/definitions/disposition");
    private static readonly SchemaLeaf ErrorReason = SchemaLeaf.At("/definitions/error-reason");
    private static readonly SchemaLeaf BizTransactionType = SchemaLeaf.At("/definitions/bizTransaction-type");
    private static readonly SchemaLeaf SourceDestinationType = SchemaLeaf.At("/definitions/source-dest-type");
    private static readonly SchemaLeaf RootType = SchemaLeaf.At("/properties/type");
    private static readonly SchemaLeaf DocumentEventType = SchemaLeaf.At("/definitions/EPCIS-Document-Event/properties/type");
    private static readonly SchemaLeaf TimeZoneOffset = SchemaLeaf.At("/definitions/Event/properties/eventTimeZoneOffset");
    private static readonly SchemaLeaf ContextItem = SchemaLeaf.At("/definitions/@context/anyOf/2/items");
    private static readonly SchemaLeaf AttributeValue = SchemaLeaf.At("/definitions/attribute/properties/attribute");
    private static readonly SchemaLeaf InstanceIdentifier = SchemaLeaf.At("/definitions/epcisDocument/properties/instanceIdentifier");
    private static readonly SchemaLeaf Sender = SchemaLeaf.At("/definitions/epcisDocument/properties/sender");
    private static readonly SchemaLeaf Receiver = SchemaLeaf.At("/definitions/epcisDocument/properties/receiver");
    private static readonly SchemaLeaf QueryName = SchemaLeaf.At("/definitions/queryResults/properties/queryName");
    private static readonly SchemaLeaf SubscriptionId = SchemaLeaf.At("/definitions/queryResults/properties/subscriptionID");
    private static readonly SchemaLeaf ObjectObserve = SchemaLeaf.At("/definitions/ObjectEvent/allOf/3/anyOf/0/properties/action");
    private static readonly SchemaLeaf ObjectDelete = SchemaLeaf.At("/definitions/ObjectEvent/allOf/3/anyOf/1/properties/action");
    private static readonly SchemaLeaf ObjectAdd = SchemaLeaf.At("/definitions/ObjectEvent/allOf/3/anyOf/2/properties/action");
    private static readonly SchemaLeaf AggregationDelete = SchemaLeaf.At("/definitions/AggregationEvent/allOf/2/anyOf/2/properties/action");
    private static readonly SchemaLeaf AssociationDelete = SchemaLeaf.At("/definitions/AssociationEvent/allOf/2/anyOf/2/properties/action");
    private static readonly SchemaLeaf TransactionDelete = SchemaLeaf.At("/definitions/TransactionEvent/allOf/2/anyOf/2/properties/action");
    private static readonly SchemaLeaf AnyString = SchemaLeaf.At("/definitions/TransformationEvent/allOf/2/anyOf/0/allOf/0/anyOf/0/properties/inputEPCList/items");
    private static readonly SchemaLeaf AnyObject = SchemaLeaf.At("/definitions/TransformationEvent/allOf/2/anyOf/0/allOf/0/anyOf/1/properties/inputQuantityList/items");
    private static readonly (string Name, SchemaLeaf Leaf)[] SensorReportFields = LeafProperties("/definitions/sensorReport");
    private static readonly (string Name, SchemaLeaf Leaf)[] SensorMetadataFields = LeafProperties("/definitions/sensorMetadata");

    private static (string, SchemaLeaf)[] LeafProperties(string definition) =>
        [.. JsonPointerText.Resolve(EpcisSchema.Root, definition + "/properties")!.Value.EnumerateObject()
            .Select(p => (p.Name, SchemaLeaf.At($"{definition}/properties/{p.Name}")))];

    // ---- documents ----

    private void Root(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Add("/type", $"{JsonPointerText.Show(root)} must be a object");
            return;
        }
        if (!root.TryGetProperty("type", out var type))
        {
            // The schema then tries every document and event shape at once; the missing type is the problem to report.
            Required(root, "/required", "type");
            return;
        }
        Leaf(root, "type", RootType);
        if (type.ValueKind != JsonValueKind.String)
        {
            AnyEvent(root, type);
            Required(root, "/definitions/required-ld-context/required", "@context");
        }
        else if (type.ValueEquals("EPCISDocument"))
        {
            EpcisDocument(root);
        }
        else if (type.ValueEquals("EPCISQueryDocument"))
        {
            EpcisQueryDocument(root);
        }
        else
        {
            AnyEvent(root, type);
            Required(root, "/definitions/required-ld-context/required", "@context");
        }
    }

    private void EpcisDocument(JsonElement d)
    {
        Leaf(d, "id", Id);
        Property(d, "@context", static (c, v) => c.Context(v));
        Leaf(d, "schemaVersion", Version);
        Leaf(d, "creationDate", Time);
        Leaf(d, "instanceIdentifier", InstanceIdentifier);
        Leaf(d, "sender", Sender);
        Leaf(d, "receiver", Receiver);
        Property(d, "epcisHeader", static (c, v) => c.EpcisHeader(v));
        Property(d, "epcisBody", static (c, body) =>
        {
            if (c.IsObject(body, "/definitions/epcisDocument/properties/epcisBody"))
            {
                c.Property(body, "eventList", static (c, v) => c.EventList(v));
                c.Required(body, "/definitions/epcisDocument/properties/epcisBody/required", "eventList");
            }
        });
        Required(d, "/definitions/epcisDocument/required", "@context", "type", "schemaVersion", "creationDate", "epcisBody");
    }

    private void EpcisQueryDocument(JsonElement d)
    {
        Property(d, "@context", static (c, v) => c.Context(v));
        Leaf(d, "id", Id);
        Leaf(d, "schemaVersion", Version);
        Leaf(d, "creationDate", Time);
        Property(d, "epcisBody", static (c, body) =>
        {
            if (c.IsObject(body, "/definitions/epcisQueryDocumentBody"))
            {
                c.Property(body, "queryResults", static (c, v) => c.QueryResults(v));
                c.Required(body, "/definitions/epcisQueryDocumentBody/required", "queryResults");
            }
        });
        Required(d, "/definitions/epcisQueryDocument/required", "@context", "type", "epcisBody");
    }

    private void QueryResults(JsonElement results)
    {
        if (!IsObject(results, "/definitions/queryResults"))
        {
            return;
        }
        Leaf(results, "queryName", QueryName);
        Leaf(results, "subscriptionID", SubscriptionId);
        Property(results, "resultsBody", static (c, body) =>
        {
            if (c.IsObject(body, "/definitions/resultsBody"))
            {
                c.Property(body, "eventList", static (c, v) => c.EventList(v));
                c.Property(body, "vocabularyList", static (c, v) => c.VocabularyList(v, "/definitions/vocabularyList"));
                c.Required(body, "/definitions/resultsBody/required", "eventList");
            }
        });
        Required(results, "/definitions/queryResults/required", "queryName", "resultsBody");
    }

    private void EpcisHeader(JsonElement header)
    {
        if (IsObject(header, "/definitions/epcisHeader"))
        {
            Property(header, "epcisMasterData", static (c, data) =>
            {
                if (c.IsObject(data, "/definitions/epcisHeader/properties/epcisMasterData"))
                {
                    c.Property(data, "vocabularyList", static (c, v) => c.VocabularyList(v, "/definitions/epcisHeader/properties/epcisMasterData/properties/vocabularyList"));
                }
            });
        }
    }

    private void VocabularyList(JsonElement list, string location)
    {
        if (IsArray(list, location))
        {
            Items(list, static (c, v) => c.Vocabulary(v));
        }
    }

    private void Vocabulary(JsonElement vocabulary)
    {
        if (!IsObject(vocabulary, "/definitions/vocabulary"))
        {
            return;
        }
        Leaf(vocabulary, "type", Uri);
        List(vocabulary, "vocabularyElementList", "/definitions/vocabulary/properties/vocabularyElementList", static (c, v) => c.VocabularyElement(v));
        Required(vocabulary, "/definitions/vocabulary/required", "type");
    }

    private void VocabularyElement(JsonElement element)
    {
        if (!IsObject(element, "/definitions/vocabularyElement"))
        {
            return;
        }
        Leaf(element, "id", Uri);
        List(element, "attributes", "/definitions/vocabularyElement/properties/attributes", static (c, v) => c.Attribute(v));
        LeafList(element, "children", "/definitions/vocabularyElement/properties/children", Uri);
        Required(element, "/definitions/vocabularyElement/required", "id");
    }

    private void Attribute(JsonElement attribute)
    {
        if (!IsObject(attribute, "/definitions/attribute"))
        {
            return;
        }
        Leaf(attribute, "id", Uri);
        Leaf(attribute, "attribute", AttributeValue);
        Required(attribute, "/definitions/attribute/required", "id");
    }

    private void EventList(JsonElement list)
    {
        if (IsArray(list, "/definitions/eventList"))
        {
            Items(list, static (c, v) => c.DocumentEvent(v));
        }
    }

    private void DocumentEvent(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Add("/definitions/EPCIS-Document-Event/type", $"{JsonPointerText.Show(e)} must be a object");
            return;
        }
        if (!e.TryGetProperty("type", out var type))
        {
            // As at the root: without a type every event shape applies; the missing type is the problem to report.
            Required(e, "/definitions/EPCIS-Document-Event/required", "type");
            return;
        }
        AnyEvent(e, type);
        Leaf(e, "type", DocumentEventType);
    }

    private void AnyEvent(JsonElement e, JsonElement type)
    {
        if (type.ValueKind != JsonValueKind.String)
        {
            ExtendedEvent(e);
        }
        else if (type.ValueEquals("ObjectEvent"))
        {
            ObjectEvent(e);
        }
        else if (type.ValueEquals("AggregationEvent"))
        {
            AggregationEvent(e);
        }
        else if (type.ValueEquals("TransactionEvent"))
        {
            TransactionEvent(e);
        }
        else if (type.ValueEquals("TransformationEvent"))
        {
            TransformationEvent(e);
        }
        else if (type.ValueEquals("AssociationEvent"))
        {
            AssociationEvent(e);
        }
        else
        {
            ExtendedEvent(e);
        }
    }

    // Any other type: the common event fields and a type that is a (not asserted) URI.
    private void ExtendedEvent(JsonElement e)
    {
        Event(e);
        Leaf(e, "type", VocabUri);
        Required(e, "/definitions/Extended-Event/allOf/1/required", "type");
    }

    // ---- events ----

    private void Event(JsonElement e)
    {
        Property(e, "@context", static (c, v) => c.Context(v));
        Leaf(e, "eventTime", Time);
        Leaf(e, "recordTime", Time);
        Leaf(e, "eventTimeZoneOffset", TimeZoneOffset);
        Leaf(e, "eventID", Uri);
        Property(e, "certificationInfo", static (c, v) => c.CertificationInfo(v));
        Property(e, "errorDeclaration", static (c, v) => c.ErrorDeclaration(v));
        Required(e, "/definitions/Event/required", "eventTime", "eventTimeZoneOffset");
    }

    private const string Object1 = "/definitions/ObjectEvent/allOf/1";
    private const string Object2 = "/definitions/ObjectEvent/allOf/2/anyOf";

    private void ObjectEvent(JsonElement e)
    {
        Event(e);
        Property(e, "epcList", static (c, v) => c.EpcList(v));
        Property(e, "quantityList", static (c, v) => c.QuantityList(v));
        Leaf(e, "action", Action);
        Leaf(e, "bizStep", BizStep);
        Leaf(e, "disposition", Disposition);
        Property(e, "persistentDisposition", static (c, v) => c.PersistentDisposition(v));
        Property(e, "readPoint", static (c, v) => c.ReadPoint(v));
        Property(e, "bizLocation", static (c, v) => c.BizLocation(v));
        List(e, "bizTransactionList", Object1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        List(e, "sourceList", Object1 + "/properties/sourceList", static (c, v) => c.Source(v));
        List(e, "destinationList", Object1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        List(e, "sensorElementList", Object1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Property(e, "ilmd", static (c, v) => c.IsObject(v, "/definitions/ilmd"));
        Required(e, Object1 + "/required", "type", "action");
        AnyOf("/definitions/ObjectEvent/allOf/2", e,
            static (c, e) =>
            {
                c.LeafList(e, "epcList", Object2 + "/0/properties/epcList", Id);
                c.Required(e, Object2 + "/0/required", "epcList");
            },
            static (c, e) =>
            {
                c.List(e, "quantityList", Object2 + "/1/properties/quantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Required(e, Object2 + "/1/required", "quantityList");
            },
            static (c, e) =>
            {
                c.List(e, "sensorElementList", Object2 + "/2/allOf/0/properties/sensorElementList", static (c, v) => c.SensorElement(v), minItems: 1);
                c.Required(e, Object2 + "/2/allOf/0/required", "sensorElementList");
                c.Property(e, "readPoint", static (c, v) => c.ReadPoint(v));
                c.Required(e, Object2 + "/2/allOf/1/required", "readPoint");
            });
        // ilmd belongs to the event that creates the objects: it is allowed only with action ADD.
        AnyOf("/definitions/ObjectEvent/allOf/3", e,
            static (c, e) =>
            {
                c.Absent(e, "ilmd");
                c.Leaf(e, "action", ObjectObserve);
            },
            static (c, e) =>
            {
                c.Absent(e, "ilmd");
                c.Leaf(e, "action", ObjectDelete);
            },
            static (c, e) => c.Leaf(e, "action", ObjectAdd));
    }

    private const string Aggregation1 = "/definitions/AggregationEvent/allOf/1";
    private const string Aggregation2 = "/definitions/AggregationEvent/allOf/2/anyOf";

    private void AggregationEvent(JsonElement e)
    {
        Event(e);
        Leaf(e, "parentID", Uri);
        LeafList(e, "childEPCs", Aggregation1 + "/properties/childEPCs", Uri);
        List(e, "childQuantityList", Aggregation1 + "/properties/childQuantityList", static (c, v) => c.Quantity(v));
        Leaf(e, "action", Action);
        Leaf(e, "bizStep", BizStep);
        Leaf(e, "disposition", Disposition);
        Property(e, "readPoint", static (c, v) => c.ReadPoint(v));
        Property(e, "bizLocation", static (c, v) => c.BizLocation(v));
        List(e, "bizTransactionList", Aggregation1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        List(e, "sourceList", Aggregation1 + "/properties/sourceList", static (c, v) => c.Source(v));
        List(e, "destinationList", Aggregation1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        List(e, "sensorElementList", Aggregation1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Required(e, Aggregation1 + "/required", "type", "action");
        AnyOf("/definitions/AggregationEvent/allOf/2", e,
            static (c, e) =>
            {
                c.LeafList(e, "childEPCs", Aggregation2 + "/0/properties/childEPCs", Id, minItems: 1);
                c.Required(e, Aggregation2 + "/0/required", "childEPCs");
            },
            static (c, e) =>
            {
                c.List(e, "childQuantityList", Aggregation2 + "/1/properties/childQuantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Required(e, Aggregation2 + "/1/required", "childQuantityList");
            },
            static (c, e) => c.Leaf(e, "action", AggregationDelete));
    }

    private const string Association1 = "/definitions/AssociationEvent/allOf/1";
    private const string Association2 = "/definitions/AssociationEvent/allOf/2/anyOf";

    private void AssociationEvent(JsonElement e)
    {
        Event(e);
        Leaf(e, "parentID", Uri);
        LeafList(e, "childEPCs", Association1 + "/properties/childEPCs", Uri);
        List(e, "childQuantityList", Association1 + "/properties/childQuantityList", static (c, v) => c.Quantity(v));
        Leaf(e, "action", Action);
        Leaf(e, "bizStep", BizStep);
        Leaf(e, "disposition", Disposition);
        Property(e, "readPoint", static (c, v) => c.ReadPoint(v));
        Property(e, "bizLocation", static (c, v) => c.BizLocation(v));
        List(e, "bizTransactionList", Association1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        List(e, "sourceList", Association1 + "/properties/sourceList", static (c, v) => c.Source(v));
        List(e, "destinationList", Association1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        List(e, "sensorElementList", Association1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Required(e, Association1 + "/required", "type", "action", "parentID");
        AnyOf("/definitions/AssociationEvent/allOf/2", e,
            static (c, e) =>
            {
                c.LeafList(e, "childEPCs", Association2 + "/0/properties/childEPCs", Id, minItems: 1);
                c.Required(e, Association2 + "/0/required", "childEPCs");
            },
            static (c, e) =>
            {
                c.List(e, "childQuantityList", Association2 + "/1/properties/childQuantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Required(e, Association2 + "/1/required", "childQuantityList");
            },
            static (c, e) => c.Leaf(e, "action", AssociationDelete));
    }

    private const string Transaction1 = "/definitions/TransactionEvent/allOf/1";
    private const string Transaction2 = "/definitions/TransactionEvent/allOf/2/anyOf";

    private void TransactionEvent(JsonElement e)
    {
        Event(e);
        List(e, "bizTransactionList", Transaction1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v), minItems: 1);
        Leaf(e, "parentID", Uri);
        LeafList(e, "epcList", Transaction1 + "/properties/epcList", Uri);
        List(e, "quantityList", Transaction1 + "/properties/quantityList", static (c, v) => c.Quantity(v));
        Leaf(e, "action", Action);
        Leaf(e, "bizStep", BizStep);
        Leaf(e, "disposition", Disposition);
        Property(e, "readPoint", static (c, v) => c.ReadPoint(v));
        Property(e, "bizLocation", static (c, v) => c.BizLocation(v));
        List(e, "sourceList", Transaction1 + "/properties/sourceList", static (c, v) => c.Source(v));
        List(e, "destinationList", Transaction1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        List(e, "sensorElementList", Transaction1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Required(e, Transaction1 + "/required", "type", "bizTransactionList", "action");
        AnyOf("/definitions/TransactionEvent/allOf/2", e,
            static (c, e) =>
            {
                c.LeafList(e, "epcList", Transaction2 + "/0/properties/epcList", Id);
                c.Required(e, Transaction2 + "/0/required", "epcList");
            },
            static (c, e) =>
            {
                c.List(e, "quantityList", Transaction2 + "/1/properties/quantityList", static (c, v) => c.Quantity(v), minItems: 1);
                c.Required(e, Transaction2 + "/1/required", "quantityList");
            },
            static (c, e) => c.Leaf(e, "action", TransactionDelete));
    }

    private const string Transformation1 = "/definitions/TransformationEvent/allOf/1";
    private const string BothSides = "/definitions/TransformationEvent/allOf/2/anyOf/0/allOf";
    private const string EitherSide = "/definitions/TransformationEvent/allOf/2/anyOf/1";

    private void TransformationEvent(JsonElement e)
    {
        Event(e);
        Property(e, "inputEPCList", static (c, v) => c.EpcList(v));
        Property(e, "inputQuantityList", static (c, v) => c.QuantityList(v));
        Property(e, "outputEPCList", static (c, v) => c.EpcList(v));
        Property(e, "outputQuantityList", static (c, v) => c.QuantityList(v));
        Leaf(e, "transformationID", Uri);
        Leaf(e, "bizStep", BizStep);
        Leaf(e, "disposition", Disposition);
        Property(e, "persistentDisposition", static (c, v) => c.PersistentDisposition(v));
        Property(e, "readPoint", static (c, v) => c.ReadPoint(v));
        Property(e, "bizLocation", static (c, v) => c.BizLocation(v));
        List(e, "bizTransactionList", Transformation1 + "/properties/bizTransactionList", static (c, v) => c.BizTransaction(v));
        List(e, "sourceList", Transformation1 + "/properties/sourceList", static (c, v) => c.Source(v));
        List(e, "destinationList", Transformation1 + "/properties/destinationList", static (c, v) => c.Destination(v));
        List(e, "sensorElementList", Transformation1 + "/properties/sensorElementList", static (c, v) => c.SensorElement(v));
        Property(e, "ilmd", static (c, v) => c.IsObject(v, "/definitions/ilmd"));
        Required(e, Transformation1 + "/required", "type");
        // Inputs and outputs; or, with a transformationID, either side alone.
        AnyOf("/definitions/TransformationEvent/allOf/2", e,
            static (c, e) =>
            {
                c.AnyOf(BothSides + "/0", e,
                    static (c, e) => c.Side(e, "inputEPCList", BothSides + "/0/anyOf/0", AnyString),
                    static (c, e) => c.Side(e, "inputQuantityList", BothSides + "/0/anyOf/1", AnyObject));
                c.AnyOf(BothSides + "/1", e,
                    static (c, e) => c.Side(e, "outputEPCList", BothSides + "/1/anyOf/0", AnyString),
                    static (c, e) => c.Side(e, "outputQuantityList", BothSides + "/1/anyOf/1", AnyObject));
            },
            static (c, e) =>
            {
                c.AnyOf(EitherSide, e,
                    static (c, e) => c.Side(e, "inputEPCList", EitherSide + "/anyOf/0", AnyString),
                    static (c, e) => c.Side(e, "inputQuantityList", EitherSide + "/anyOf/1", AnyObject),
                    static (c, e) => c.Side(e, "outputEPCList", EitherSide + "/anyOf/2", AnyString),
                    static (c, e) => c.Side(e, "outputQuantityList", EitherSide + "/anyOf/3", AnyObject));
                c.Required(e, EitherSide + "/required", "transformationID");
            });
    }

    private void Side(JsonElement e, string name, string location, SchemaLeaf item)
    {
        // The location is built only when a side fails, which the anyOf then reports.
        if (!e.TryGetProperty(name, out var list))
        {
            AddAt(name, location + "/required", $"'{name}' is required");
            return;
        }
        if (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() >= 1 && AllAccepted(list, item))
        {
            return;
        }
        // The rule names this site's own items subschema; it is read from the schema only on this failing path.
        LeafList(e, name, location + "/properties/" + name, SchemaLeaf.At(location + "/properties/" + name + "/items"), minItems: 1);
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

    // ---- event parts ----

    private void Context(JsonElement context)
    {
        if (context.ValueKind is JsonValueKind.String or JsonValueKind.Object)
        {
            return;
        }
        AnyOf("/definitions/@context", context,
            static (c, v) => c.IsString(v, "/definitions/@context/anyOf/0"),
            static (c, v) => c.IsObject(v, "/definitions/@context/anyOf/1"),
            static (c, v) =>
            {
                if (c.IsArray(v, "/definitions/@context/anyOf/2"))
                {
                    c.UniqueItems(v, "/definitions/@context/anyOf/2");
                    c.LeafItems(v, ContextItem);
                }
            });
    }

    private void CertificationInfo(JsonElement info)
    {
        if (info.ValueKind == JsonValueKind.String || (info.ValueKind == JsonValueKind.Array && AllAccepted(info, Uri)))
        {
            return;
        }
        AnyOf("/definitions/certificationInfo", info,
            static (c, v) =>
            {
                if (c.IsArray(v, "/definitions/certificationInfo/anyOf/0"))
                {
                    c.LeafItems(v, Uri);
                }
            },
            static (c, v) => c.Leaf(v, Uri));
    }

    private void ErrorDeclaration(JsonElement error)
    {
        if (!IsObject(error, "/definitions/errorDeclaration"))
        {
            return;
        }
        Leaf(error, "declarationTime", Time);
        Leaf(error, "reason", ErrorReason);
        LeafList(error, "correctiveEventIDs", "/definitions/errorDeclaration/properties/correctiveEventIDs", Uri);
        Required(error, "/definitions/errorDeclaration/required", "declarationTime");
    }

    private void EpcList(JsonElement list)
    {
        if (IsArray(list, "/definitions/epcList"))
        {
            LeafItems(list, Uri);
            UniqueItems(list, "/definitions/epcList");
        }
    }

    private void QuantityList(JsonElement list)
    {
        if (IsArray(list, "/definitions/quantityList"))
        {
            Items(list, static (c, v) => c.Quantity(v));
        }
    }

    private void Quantity(JsonElement q)
    {
        if (!IsObject(q, "/definitions/quantityElement"))
        {
            return;
        }
        Leaf(q, "epcClass", Uri);
        Leaf(q, "quantity", Decimal);
        Leaf(q, "uom", Uom);
        Required(q, "/definitions/quantityElement/required", "epcClass");
        Closed(q, "/definitions/quantityElement", "epcClass", "quantity", "uom");
    }

    private void BizTransaction(JsonElement t)
    {
        if (!IsObject(t, "/definitions/bizTransaction"))
        {
            return;
        }
        Leaf(t, "type", BizTransactionType);
        Leaf(t, "bizTransaction", Uri);
        Required(t, "/definitions/bizTransaction/required", "bizTransaction");
        Closed(t, "/definitions/bizTransaction", "type", "bizTransaction");
    }

    private void Source(JsonElement s)
    {
        if (!IsObject(s, "/definitions/source"))
        {
            return;
        }
        Leaf(s, "type", SourceDestinationType);
        Leaf(s, "source", Uri);
        Required(s, "/definitions/source/required", "type", "source");
        Closed(s, "/definitions/source", "type", "source");
    }

    private void Destination(JsonElement d)
    {
        if (!IsObject(d, "/definitions/destination"))
        {
            return;
        }
        Leaf(d, "type", SourceDestinationType);
        Leaf(d, "destination", Uri);
        Required(d, "/definitions/destination/required", "type", "destination");
        Closed(d, "/definitions/destination", "type", "destination");
    }

    private void ReadPoint(JsonElement place)
    {
        if (IsObject(place, "/definitions/readPoint"))
        {
            Leaf(place, "id", Uri);
            Required(place, "/definitions/readPoint/required", "id");
        }
    }

    private void BizLocation(JsonElement place)
    {
        if (IsObject(place, "/definitions/bizLocation"))
        {
            Leaf(place, "id", Uri);
            Required(place, "/definitions/bizLocation/required", "id");
        }
    }

    private const string Persistent0 = "/definitions/persistentDisposition/allOf/0";
    private const string Persistent1 = "/definitions/persistentDisposition/allOf/1/anyOf";

    private void PersistentDisposition(JsonElement pd)
    {
        if (IsObject(pd, Persistent0))
        {
            LeafList(pd, "set", Persistent0 + "/properties/set", Disposition, minItems: 1, unique: true);
            LeafList(pd, "unset", Persistent0 + "/properties/unset", Disposition, minItems: 1, unique: true);
            Closed(pd, Persistent0, "set", "unset");
        }
        AnyOf("/definitions/persistentDisposition/allOf/1", pd,
            static (c, v) =>
            {
                if (c.IsObject(v, Persistent1 + "/0"))
                {
                    c.Required(v, Persistent1 + "/0/required", "set");
                }
            },
            static (c, v) =>
            {
                if (c.IsObject(v, Persistent1 + "/1"))
                {
                    c.Required(v, Persistent1 + "/1/required", "unset");
                }
            });
    }

    private void SensorElement(JsonElement element)
    {
        if (!IsObject(element, "/definitions/sensorElement"))
        {
            return;
        }
        Property(element, "sensorMetadata", static (c, metadata) =>
        {
            if (c.IsObject(metadata, "/definitions/sensorMetadata"))
            {
                c.LeafFields(metadata, SensorMetadataFields);
            }
        });
        Property(element, "sensorReport", static (c, list) =>
        {
            if (c.IsArray(list, "/definitions/sensorReportList"))
            {
                c.Items(list, static (c, report) =>
                {
                    if (c.IsObject(report, "/definitions/sensorReport"))
                    {
                        c.LeafFields(report, SensorReportFields);
                        c.Required(report, "/definitions/sensorReport/required", "type");
                    }
                });
                c.MinItems(list, 1, "/definitions/sensorReportList");
            }
        });
        Required(element, "/definitions/sensorElement/required", "sensorReport");
    }

    // ---- small shapes ----

    private void LeafFields(JsonElement obj, (string Name, SchemaLeaf Leaf)[] fields)
    {
        foreach (var (name, leaf) in fields)
        {
            Leaf(obj, name, leaf);
        }
    }

    private void List(JsonElement owner, string name, string location, Action<StructureCheck, JsonElement> item, int minItems = 0)
    {
        if (owner.TryGetProperty(name, out var list))
        {
            Push(name);
            if (IsArray(list, location))
            {
                Items(list, item);
                MinItems(list, minItems, location);
            }
            Pop();
        }
    }

    private void LeafList(JsonElement owner, string name, string location, SchemaLeaf item, int minItems = 0, bool unique = false)
    {
        if (owner.TryGetProperty(name, out var list))
        {
            Push(name);
            if (IsArray(list, location))
            {
                LeafItems(list, item);
                MinItems(list, minItems, location);
                if (unique)
                {
                    UniqueItems(list, location);
                }
            }
            Pop();
        }
    }

    private void Absent(JsonElement owner, string name)
    {
        if (owner.TryGetProperty(name, out _))
        {
            unreported++;
        }
    }

    private void IsString(JsonElement value, string location)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(location + "/type", $"{JsonPointerText.Show(value)} must be a string");
        }
    }
}
