namespace Suyuan.Core.Epcis;

/// <summary>
/// A user extension field (e.g. <c>"example:myField": {...}</c>): the name as written, the namespace IRI its prefix
/// stands for in the context, and the JSON value as given.
/// </summary>
public sealed record EpcisExtension(string Name, string? NamespaceIri, JsonLiteral Value)
{
    /// <summary>The prefix written before ':' (<c>example</c>), or null for a full IRI or a bare term.</summary>
    public string? Prefix
    {
        get
        {
            if (EpcisContext.IsAbsoluteIri(Name))
            {
                return null;
            }
            var colon = Name.IndexOf(':');
            return colon > 0 ? Name[..colon] : null;
        }
    }

    /// <summary>The name within its namespace (<c>myField</c>).</summary>
    public string LocalName =>
        NamespaceIri is not null && Prefix is null && Name.StartsWith(NamespaceIri, StringComparison.Ordinal)
            ? Name[NamespaceIri.Length..]
            : Name[(Name.IndexOf(':') + 1)..];

    /// <summary>The expanded IRI of the field, or null when its namespace is not declared.</summary>
    public string? Iri => NamespaceIri is null ? null : NamespaceIri + LocalName;
}
