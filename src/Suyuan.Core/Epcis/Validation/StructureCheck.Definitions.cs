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
        if (type.ValueKind == JsonValueKind.String && type.ValueEquals("EPCISDocument"))
        {
            EpcisDocument(root);
        }
        else if (type.ValueKind == JsonValueKind.String && type.ValueEquals("EPCISQueryDocument"))
        {
            EpcisQueryDocument(root);
        }
        else
        {
            RootEvent(root);
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

    private void List(JsonElement owner, string name, string location, Action<StructureCheck, JsonElement> item, int minItems = 0) =>
        Field(owner.TryGetProperty(name, out var list) ? list : default, name, location, item, minItems);

    private void LeafList(JsonElement owner, string name, string location, SchemaLeaf item, int minItems = 0, bool unique = false) =>
        Field(owner.TryGetProperty(name, out var list) ? list : default, name, location, item, minItems, unique);

    /// <summary>An array of objects, when present (not <see cref="JsonValueKind.Undefined"/>).</summary>
    private void Field(JsonElement list, string name, string location, Action<StructureCheck, JsonElement> item, int minItems = 0)
    {
        if (list.ValueKind != JsonValueKind.Undefined)
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

    /// <summary>An array of leaf values, when present (not <see cref="JsonValueKind.Undefined"/>).</summary>
    private void Field(JsonElement list, string name, string location, SchemaLeaf item, int minItems = 0, bool unique = false)
    {
        if (list.ValueKind != JsonValueKind.Undefined)
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


    private void IsString(JsonElement value, string location)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(location + "/type", $"{JsonPointerText.Show(value)} must be a string");
        }
    }
}
