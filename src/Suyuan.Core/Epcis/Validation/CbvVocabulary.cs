namespace Suyuan.Core.Epcis.Validation;

/// <summary>One CBV 2.0 vocabulary: its bare values (read from the ratified schema) and the term prefix of its web URIs.</summary>
internal sealed record CbvVocabulary(string Name, string UriPrefix, IReadOnlySet<string> Values)
{
    public static readonly CbvVocabulary BizStep = new("business step", "BizStep-", EpcisSchema.EnumAt("/definitions/bizStep/anyOf/1/enum"));
    public static readonly CbvVocabulary Disposition = new("disposition", "Disp-", EpcisSchema.EnumAt("/definitions/disposition/anyOf/1/enum"));
    public static readonly CbvVocabulary BizTransactionType = new("business transaction type", "BTT-", EpcisSchema.EnumAt("/definitions/bizTransaction-type/anyOf/1/enum"));
    public static readonly CbvVocabulary SourceDestinationType = new("source/destination type", "SDT-", EpcisSchema.EnumAt("/definitions/source-dest-type/anyOf/1/enum"));
    public static readonly CbvVocabulary ErrorReason = new("error reason", "ER-", EpcisSchema.EnumAt("/definitions/error-reason/anyOf/1/enum"));
}
