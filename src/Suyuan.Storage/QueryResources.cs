namespace Suyuan.Storage;

/// <summary>A named EPCIS query: the query object as the client sent it (JSON) and the extension prefixes it was declared with.</summary>
/// <param name="Owner">The party that defined it, whose name space it is in: only that party lists, reads, runs and deletes it.</param>
/// <param name="Query">The JSON object of EPCIS query parameters.</param>
/// <param name="Extensions">A JSON object of prefix → namespace IRI, or null when the query uses only the GS1 context.</param>
public sealed record NamedQuery(string Owner, string Name, string Query, string? Extensions, DateTimeOffset CreatedAt);

/// <summary>The EPCIS resources whose values the REST binding lists (/epcs, /bizSteps, …).</summary>
public enum EventResource
{
    /// <summary>Instance EPCs in any role: epcList, childEPCs, parentID, inputs and outputs.</summary>
    Epc,
    BizStep,
    Disposition,
    ReadPoint,
    BizLocation,
    /// <summary>The types of stored events: the standard five and any extension event's URI.</summary>
    EventType,
}

/// <summary>The form a resource's value is stored and compared in.</summary>
public static class EventResources
{
    /// <summary>
    /// A bizStep or disposition in any of its CBV forms (bare, CURIE, URN, Web URI) as its CBV 2.0 Web URI; any other value
    /// as given. <c>/bizSteps/urn:epcglobal:cbv:bizstep:shipping</c> is the same resource as <c>/bizSteps/shipping</c>.
    /// </summary>
    public static string Normalise(EventResource resource, string value) => resource switch
    {
        EventResource.BizStep => Indexing.CbvVocabulary.Normalise(value, Indexing.Vocabulary.BizStep, null),
        EventResource.Disposition => Indexing.CbvVocabulary.Normalise(value, Indexing.Vocabulary.Disposition, null),
        _ => value,
    };
}
