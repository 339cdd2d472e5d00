using System.Text.Json;
using static Suyuan.Core.Epcis.Json.JsonRead;

namespace Suyuan.Core.Epcis.Json;

/// <summary>Reads one event (a JSON object) into the model. Fields are checked for type, not for presence beyond what the model needs.</summary>
internal static class EpcisEventReader
{
    [Flags]
    private enum Fields
    {
        None = 0,
        Action = 1,
        EpcAndQuantityList = 2,
        ParentId = 4,
        Children = 8,
        Ilmd = 16,
        InputsOutputs = 32,
        Dimensions = 64,
    }

    private const Fields ObjectFields = Fields.Action | Fields.EpcAndQuantityList | Fields.Ilmd | Fields.Dimensions;
    private const Fields ParentChildFields = Fields.Action | Fields.ParentId | Fields.Children | Fields.Dimensions;
    private const Fields TransactionFields = Fields.Action | Fields.ParentId | Fields.EpcAndQuantityList | Fields.Dimensions;
    private const Fields TransformationFields = Fields.InputsOutputs | Fields.Ilmd | Fields.Dimensions;

    public static EpcisEvent Read(JsonElement e, EpcisContext context, string pointer)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "an event must be a JSON object");
        }
        if (!e.TryGetProperty("type", out var typeElement))
        {
            throw Fail(pointer, "type", "the event type is missing (ObjectEvent, AggregationEvent, TransformationEvent, AssociationEvent or TransactionEvent)");
        }
        var type = String(typeElement, pointer, "type");
        var allowed = type switch
        {
            "ObjectEvent" => ObjectFields,
            "AggregationEvent" or "AssociationEvent" => ParentChildFields,
            "TransactionEvent" => TransactionFields,
            "TransformationEvent" => TransformationFields,
            _ when type.Contains(':') => Fields.None,
            _ => throw Fail(pointer, "type", $"unknown event type '{type}'"),
        };
        var extensionType = allowed == Fields.None;

        JsonLiteral? localContext = null;
        if (e.TryGetProperty("@context", out var contextElement))
        {
            context = context.Extend(contextElement, Child(pointer, "@context"));
            localContext = new JsonLiteral(contextElement.Clone());
        }

        DateTimeOffset? eventTime = null, recordTime = null;
        string? eventId = null, timeZoneOffset = null, bizStep = null, disposition = null, parentId = null, transformationId = null;
        EpcisAction? action = null;
        ValueList<string>? certificationInfo = null, epcList = null, childEpcs = null, inputEpcs = null, outputEpcs = null;
        ValueList<QuantityElement>? quantities = null, childQuantities = null, inputQuantities = null, outputQuantities = null;
        ErrorDeclaration? errorDeclaration = null;
        PersistentDisposition? persistentDisposition = null;
        EpcisLocation? readPoint = null, bizLocation = null;
        ValueList<BizTransaction>? bizTransactions = null;
        ValueList<SourceOrDestination>? sources = null, destinations = null;
        ValueList<SensorElement>? sensorElements = null;
        ValueList<EpcisExtension>? ilmd = null;
        List<EpcisExtension>? extensions = null;

        foreach (var p in e.EnumerateObject())
        {
            var name = p.Name;
            var v = p.Value;
            var needs = name switch
            {
                "type" or "@context" or "eventTime" or "recordTime" or "eventTimeZoneOffset" or "eventID" or "certificationInfo" or "errorDeclaration" => Fields.None,
                "action" => Fields.Action,
                "epcList" or "quantityList" => Fields.EpcAndQuantityList,
                "parentID" => Fields.ParentId,
                "childEPCs" or "childQuantityList" => Fields.Children,
                "ilmd" => Fields.Ilmd,
                "inputEPCList" or "inputQuantityList" or "outputEPCList" or "outputQuantityList" or "transformationID" => Fields.InputsOutputs,
                "bizStep" or "disposition" or "persistentDisposition" or "readPoint" or "bizLocation" or "bizTransactionList"
                    or "sourceList" or "destinationList" or "sensorElementList" => Fields.Dimensions,
                _ => (Fields)(-1),
            };
            if (needs == (Fields)(-1) || (needs != Fields.None && extensionType))
            {
                AddExtension(ref extensions, p, context, pointer, lenient: extensionType);
                continue;
            }
            if ((allowed & needs) != needs)
            {
                throw Fail(pointer, name, $"{name} is not a field of {type}");
            }
            switch (name)
            {
                case "eventTime": eventTime = Time(v, pointer, name); break;
                case "recordTime": recordTime = Time(v, pointer, name); break;
                case "eventTimeZoneOffset": timeZoneOffset = String(v, pointer, name); break;
                case "eventID": eventId = String(v, pointer, name); break;
                case "certificationInfo":
                    certificationInfo = v.ValueKind == JsonValueKind.String ? ValueList.Of(v.GetString()!) : Strings(v, pointer, name);
                    break;
                case "errorDeclaration": errorDeclaration = ReadErrorDeclaration(v, context, pointer); break;
                case "action": action = ReadAction(v, pointer); break;
                case "epcList": epcList = Strings(v, pointer, name); break;
                case "quantityList": quantities = List(v, pointer, name, ReadQuantity); break;
                case "parentID": parentId = String(v, pointer, name); break;
                case "childEPCs": childEpcs = Strings(v, pointer, name); break;
                case "childQuantityList": childQuantities = List(v, pointer, name, ReadQuantity); break;
                case "inputEPCList": inputEpcs = Strings(v, pointer, name); break;
                case "inputQuantityList": inputQuantities = List(v, pointer, name, ReadQuantity); break;
                case "outputEPCList": outputEpcs = Strings(v, pointer, name); break;
                case "outputQuantityList": outputQuantities = List(v, pointer, name, ReadQuantity); break;
                case "transformationID": transformationId = String(v, pointer, name); break;
                case "ilmd": ilmd = ReadIlmd(v, context, pointer); break;
                case "bizStep": bizStep = String(v, pointer, name); break;
                case "disposition": disposition = String(v, pointer, name); break;
                case "persistentDisposition": persistentDisposition = ReadPersistentDisposition(v, pointer); break;
                case "readPoint": readPoint = ReadLocation(v, context, pointer, name); break;
                case "bizLocation": bizLocation = ReadLocation(v, context, pointer, name); break;
                case "bizTransactionList": bizTransactions = List(v, pointer, name, ReadBizTransaction); break;
                case "sourceList": sources = List(v, pointer, name, (item, at) => ReadSourceOrDestination(item, at, "source")); break;
                case "destinationList": destinations = List(v, pointer, name, (item, at) => ReadSourceOrDestination(item, at, "destination")); break;
                case "sensorElementList": sensorElements = List(v, pointer, name, (item, at) => ReadSensorElement(item, context, at)); break;
            }
        }

        if (eventTime is null)
        {
            throw Fail(pointer, "eventTime", "eventTime is missing");
        }
        if (action is null && (allowed & Fields.Action) != 0)
        {
            throw Fail(pointer, "action", $"action is missing; a {type} is an ADD, OBSERVE or DELETE");
        }
        var time = eventTime.Value;
        EpcisEvent evt = type switch
        {
            "ObjectEvent" => new ObjectEvent { EventTime = time, Action = action!.Value, EpcList = epcList, QuantityList = quantities, Ilmd = ilmd },
            "AggregationEvent" => new AggregationEvent { EventTime = time, Action = action!.Value, ParentId = parentId, ChildEpcs = childEpcs, ChildQuantityList = childQuantities },
            "AssociationEvent" => new AssociationEvent { EventTime = time, Action = action!.Value, ParentId = parentId, ChildEpcs = childEpcs, ChildQuantityList = childQuantities },
            "TransactionEvent" => new TransactionEvent { EventTime = time, Action = action!.Value, ParentId = parentId, EpcList = epcList, QuantityList = quantities },
            "TransformationEvent" => new TransformationEvent
            {
                EventTime = time,
                InputEpcList = inputEpcs,
                InputQuantityList = inputQuantities,
                OutputEpcList = outputEpcs,
                OutputQuantityList = outputQuantities,
                TransformationId = transformationId,
                Ilmd = ilmd,
            },
            _ => new ExtensionEvent(type) { EventTime = time },
        };
        return evt with
        {
            Context = localContext,
            EventId = eventId,
            RecordTime = recordTime,
            EventTimeZoneOffset = timeZoneOffset,
            CertificationInfo = certificationInfo,
            ErrorDeclaration = errorDeclaration,
            BizStep = bizStep,
            Disposition = disposition,
            PersistentDisposition = persistentDisposition,
            ReadPoint = readPoint,
            BizLocation = bizLocation,
            BizTransactionList = bizTransactions,
            SourceList = sources,
            DestinationList = destinations,
            SensorElementList = sensorElements,
            Extensions = Seal(extensions),
        };
    }

    private static EpcisAction ReadAction(JsonElement v, string pointer) =>
        String(v, pointer, "action") switch
        {
            "ADD" => EpcisAction.Add,
            "OBSERVE" => EpcisAction.Observe,
            "DELETE" => EpcisAction.Delete,
            var other => throw Fail(pointer, "action", $"action '{other}' is not ADD, OBSERVE or DELETE"),
        };

    private static QuantityElement ReadQuantity(JsonElement v, string pointer)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a quantity element must be an object");
        }
        string? epcClass = null, uom = null;
        decimal? quantity = null;
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "epcClass": epcClass = String(p.Value, pointer, p.Name); break;
                case "quantity": quantity = Decimal(p.Value, pointer, p.Name); break;
                case "uom": uom = String(p.Value, pointer, p.Name); break;
                default: throw Fail(pointer, p.Name, $"'{p.Name}' is not a field of a quantity element (epcClass, quantity, uom)");
            }
        }
        return new QuantityElement(epcClass ?? throw Fail(pointer, "epcClass", "epcClass is missing"), quantity, uom);
    }

    private static BizTransaction ReadBizTransaction(JsonElement v, string pointer)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a business transaction must be an object");
        }
        string? type = null, value = null;
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "type": type = String(p.Value, pointer, p.Name); break;
                case "bizTransaction": value = String(p.Value, pointer, p.Name); break;
                default: throw Fail(pointer, p.Name, $"'{p.Name}' is not a field of a business transaction (type, bizTransaction)");
            }
        }
        return new BizTransaction(type, value ?? throw Fail(pointer, "bizTransaction", "bizTransaction is missing"));
    }

    private static SourceOrDestination ReadSourceOrDestination(JsonElement v, string pointer, string valueName)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, $"a {valueName} must be an object");
        }
        string? type = null, value = null;
        foreach (var p in v.EnumerateObject())
        {
            if (p.NameEquals("type"))
            {
                type = String(p.Value, pointer, "type");
            }
            else if (p.NameEquals(valueName))
            {
                value = String(p.Value, pointer, valueName);
            }
            else
            {
                throw Fail(pointer, p.Name, $"'{p.Name}' is not a field of a {valueName} (type, {valueName})");
            }
        }
        return new SourceOrDestination(
            type ?? throw Fail(pointer, "type", "type is missing"),
            value ?? throw Fail(pointer, valueName, $"{valueName} is missing"));
    }

    private static EpcisLocation ReadLocation(JsonElement v, EpcisContext context, string parent, string name)
    {
        Object(v, parent, name);
        var pointer = Child(parent, name);
        string? id = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in v.EnumerateObject())
        {
            if (p.NameEquals("id"))
            {
                id = String(p.Value, pointer, "id");
            }
            else
            {
                AddExtension(ref extensions, p, context, pointer);
            }
        }
        return new EpcisLocation(id ?? throw Fail(pointer, "id", "id is missing")) { Extensions = Seal(extensions) };
    }

    private static PersistentDisposition ReadPersistentDisposition(JsonElement v, string parent)
    {
        Object(v, parent, "persistentDisposition");
        var pointer = Child(parent, "persistentDisposition");
        ValueList<string>? set = null, unset = null;
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "set": set = Strings(p.Value, pointer, p.Name); break;
                case "unset": unset = Strings(p.Value, pointer, p.Name); break;
                default: throw Fail(pointer, p.Name, $"'{p.Name}' is not a field of persistentDisposition (set, unset)");
            }
        }
        return new PersistentDisposition(set, unset);
    }

    private static ErrorDeclaration ReadErrorDeclaration(JsonElement v, EpcisContext context, string parent)
    {
        Object(v, parent, "errorDeclaration");
        var pointer = Child(parent, "errorDeclaration");
        DateTimeOffset? declarationTime = null;
        string? reason = null;
        ValueList<string>? corrective = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "declarationTime": declarationTime = Time(p.Value, pointer, p.Name); break;
                case "reason": reason = String(p.Value, pointer, p.Name); break;
                case "correctiveEventIDs": corrective = Strings(p.Value, pointer, p.Name); break;
                default: AddExtension(ref extensions, p, context, pointer); break;
            }
        }
        return new ErrorDeclaration(declarationTime ?? throw Fail(pointer, "declarationTime", "declarationTime is missing"))
        {
            Reason = reason,
            CorrectiveEventIds = corrective,
            Extensions = Seal(extensions),
        };
    }

    private static ValueList<EpcisExtension> ReadIlmd(JsonElement v, EpcisContext context, string parent)
    {
        Object(v, parent, "ilmd");
        var pointer = Child(parent, "ilmd");
        List<EpcisExtension>? extensions = null;
        foreach (var p in v.EnumerateObject())
        {
            AddExtension(ref extensions, p, context, pointer);
        }
        return Seal(extensions);
    }

    private static SensorElement ReadSensorElement(JsonElement v, EpcisContext context, string pointer)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a sensor element must be an object");
        }
        SensorMetadata? metadata = null;
        ValueList<SensorReport>? reports = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "sensorMetadata": metadata = ReadSensorMetadata(p.Value, context, pointer); break;
                case "sensorReport": reports = List(p.Value, pointer, p.Name, (item, at) => ReadSensorReport(item, context, at)); break;
                default: AddExtension(ref extensions, p, context, pointer); break;
            }
        }
        return new SensorElement(reports ?? throw Fail(pointer, "sensorReport", "sensorReport is missing"))
        {
            SensorMetadata = metadata,
            Extensions = Seal(extensions),
        };
    }

    private static SensorMetadata ReadSensorMetadata(JsonElement v, EpcisContext context, string parent)
    {
        Object(v, parent, "sensorMetadata");
        var pointer = Child(parent, "sensorMetadata");
        var metadata = new SensorMetadata();
        List<EpcisExtension>? extensions = null;
        foreach (var p in v.EnumerateObject())
        {
            var x = p.Value;
            metadata = p.Name switch
            {
                "time" => metadata with { Time = Time(x, pointer, p.Name) },
                "deviceID" => metadata with { DeviceId = String(x, pointer, p.Name) },
                "deviceMetadata" => metadata with { DeviceMetadata = String(x, pointer, p.Name) },
                "rawData" => metadata with { RawData = String(x, pointer, p.Name) },
                "startTime" => metadata with { StartTime = Time(x, pointer, p.Name) },
                "endTime" => metadata with { EndTime = Time(x, pointer, p.Name) },
                "dataProcessingMethod" => metadata with { DataProcessingMethod = String(x, pointer, p.Name) },
                "bizRules" => metadata with { BizRules = String(x, pointer, p.Name) },
                _ => metadata,
            };
            if (!IsSensorMetadataField(p.Name))
            {
                AddExtension(ref extensions, p, context, pointer);
            }
        }
        return metadata with { Extensions = Seal(extensions) };
    }

    private static bool IsSensorMetadataField(string name) =>
        name is "time" or "deviceID" or "deviceMetadata" or "rawData" or "startTime" or "endTime" or "dataProcessingMethod" or "bizRules";

    private static SensorReport ReadSensorReport(JsonElement v, EpcisContext context, string pointer)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a sensor report must be an object");
        }
        string? type = null, exception = null, deviceId = null, deviceMetadata = null, rawData = null, dataProcessingMethod = null, bizRules = null;
        string? microorganism = null, chemicalSubstance = null, crs = null, component = null, stringValue = null, hexBinaryValue = null, uriValue = null, uom = null;
        DateTimeOffset? time = null;
        decimal? value = null, minValue = null, maxValue = null, meanValue = null, sDev = null, percRank = null, percValue = null;
        bool? booleanValue = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in v.EnumerateObject())
        {
            var x = p.Value;
            var n = p.Name;
            switch (n)
            {
                case "type": type = String(x, pointer, n); break;
                case "exception": exception = String(x, pointer, n); break;
                case "deviceID": deviceId = String(x, pointer, n); break;
                case "deviceMetadata": deviceMetadata = String(x, pointer, n); break;
                case "rawData": rawData = String(x, pointer, n); break;
                case "dataProcessingMethod": dataProcessingMethod = String(x, pointer, n); break;
                case "bizRules": bizRules = String(x, pointer, n); break;
                case "time": time = Time(x, pointer, n); break;
                case "microorganism": microorganism = String(x, pointer, n); break;
                case "chemicalSubstance": chemicalSubstance = String(x, pointer, n); break;
                case "coordinateReferenceSystem": crs = String(x, pointer, n); break;
                case "value": value = Decimal(x, pointer, n); break;
                case "component": component = String(x, pointer, n); break;
                case "stringValue": stringValue = String(x, pointer, n); break;
                case "booleanValue": booleanValue = Boolean(x, pointer, n); break;
                case "hexBinaryValue": hexBinaryValue = String(x, pointer, n); break;
                case "uriValue": uriValue = String(x, pointer, n); break;
                case "minValue": minValue = Decimal(x, pointer, n); break;
                case "maxValue": maxValue = Decimal(x, pointer, n); break;
                case "meanValue": meanValue = Decimal(x, pointer, n); break;
                case "sDev": sDev = Decimal(x, pointer, n); break;
                case "percRank": percRank = Decimal(x, pointer, n); break;
                case "percValue": percValue = Decimal(x, pointer, n); break;
                case "uom": uom = String(x, pointer, n); break;
                default: AddExtension(ref extensions, p, context, pointer); break;
            }
        }
        return new SensorReport
        {
            Type = type,
            Exception = exception,
            DeviceId = deviceId,
            DeviceMetadata = deviceMetadata,
            RawData = rawData,
            DataProcessingMethod = dataProcessingMethod,
            BizRules = bizRules,
            Time = time,
            Microorganism = microorganism,
            ChemicalSubstance = chemicalSubstance,
            CoordinateReferenceSystem = crs,
            Value = value,
            Component = component,
            StringValue = stringValue,
            BooleanValue = booleanValue,
            HexBinaryValue = hexBinaryValue,
            UriValue = uriValue,
            MinValue = minValue,
            MaxValue = maxValue,
            MeanValue = meanValue,
            SDev = sDev,
            PercRank = percRank,
            PercValue = percValue,
            Uom = uom,
            Extensions = Seal(extensions),
        };
    }
}
