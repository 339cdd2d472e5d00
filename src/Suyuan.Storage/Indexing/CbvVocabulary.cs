using Suyuan.Core.Epcis;

namespace Suyuan.Storage.Indexing;

/// <summary>The CBV vocabularies whose values may be written bare, as CURIEs, URNs or Web URIs.</summary>
internal enum Vocabulary
{
    BizStep,
    Disposition,
    BizTransactionType,
    SourceDestinationType,
    ErrorReason,
    MeasurementType,
}

/// <summary>Brings a vocabulary value to one form, the full <c>https://ref.gs1.org/cbv/</c> URI, so stored and queried values compare equal.</summary>
internal static class CbvVocabulary
{
    private const string GS1VocNamespace = "https://gs1.org/voc/";

    private static string ClassOf(Vocabulary vocabulary) => vocabulary switch
    {
        Vocabulary.BizStep => "BizStep",
        Vocabulary.Disposition => "Disp",
        Vocabulary.BizTransactionType => "BTT",
        Vocabulary.SourceDestinationType => "SDT",
        Vocabulary.ErrorReason => "ER",
        _ => "",
    };

    private static readonly Dictionary<string, string> UrnClasses = new(StringComparer.Ordinal)
    {
        ["bizstep"] = "BizStep",
        ["disp"] = "Disp",
        ["btt"] = "BTT",
        ["sdt"] = "SDT",
        ["er"] = "ER",
    };

    public static string Normalise(string value, Vocabulary vocabulary, EpcisContext? context)
    {
        if (value.Length == 0)
        {
            return value;
        }
        if (vocabulary == Vocabulary.MeasurementType)
        {
            return !value.Contains(':') ? GS1VocNamespace + value : Expand(value, context);
        }
        if (!value.Contains(':'))
        {
            return EpcisContext.CbvNamespace + ClassOf(vocabulary) + "-" + value;
        }
        if (value.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal))
        {
            var rest = value["urn:epcglobal:cbv:".Length..];
            var colon = rest.IndexOf(':');
            if (colon > 0 && UrnClasses.TryGetValue(rest[..colon], out var cls))
            {
                return EpcisContext.CbvNamespace + cls + "-" + rest[(colon + 1)..];
            }
            return value;
        }
        if (value.StartsWith("cbv:", StringComparison.Ordinal))
        {
            return EpcisContext.CbvNamespace + value["cbv:".Length..];
        }
        if (value.StartsWith("http://ref.gs1.org/cbv/", StringComparison.Ordinal))
        {
            return "https://" + value["http://".Length..];
        }
        return Expand(value, context);
    }

    /// <summary>Expands a CURIE whose prefix the context declares; absolute IRIs and unknown prefixes stay as given.</summary>
    public static string Expand(string value, EpcisContext? context)
    {
        if (EpcisContext.IsAbsoluteIri(value) || context is null)
        {
            return value;
        }
        var colon = value.IndexOf(':');
        return colon > 0 && context.Prefixes.ContainsKey(value[..colon]) && context.TryExpand(value, out var iri) ? iri : value;
    }
}
