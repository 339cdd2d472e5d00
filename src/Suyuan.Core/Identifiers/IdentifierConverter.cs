namespace Suyuan.Core.Identifiers;

/// <summary>Conversions between EPC URNs and GS1 Digital Link URIs, and the platform's one canonical form of an identifier.</summary>
public static class IdentifierConverter
{
    /// <summary>EPC pure-identity or class URN → canonical GS1 Digital Link URI on https://id.gs1.org; null when not convertible.</summary>
    public static string? EpcUriToDigitalLink(string epcUri) => throw new NotImplementedException();

    /// <summary>GS1 Digital Link URI (any host) → EPC URN; null when the key has no EPC URN form.</summary>
    public static string? DigitalLinkToEpcUri(string uri) => throw new NotImplementedException();

    /// <summary>EPC URNs and Digital Links → canonical Digital Link (id.gs1.org, primary key and key qualifiers only); anything else unchanged.</summary>
    public static string Canonicalise(string id) => throw new NotImplementedException();
}
