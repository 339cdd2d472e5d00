using System.Text.Json.Serialization;

namespace Suyuan.Core.Profiles;

/// <summary>Whether capture refuses an event without the element (required) or accepts it with a warning (recommended).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Requirement>))]
public enum Requirement
{
    Required,
    Recommended,
}

/// <summary>
/// A key data element a critical tracking event carries. <see cref="Paths"/> are alternatives: a standard EPCIS member
/// ("bizLocation", "quantityList"), a platform field by local name found at any depth of the event's sy: fields or ILMD
/// ("voucherNumber"), or an exact nested path ("certificate/number"). The first path names the field in refusals.
/// </summary>
public sealed record ProfileElement(IReadOnlyList<string> Paths, Requirement Requirement, string NameZh, string NameEn)
{
    public bool IsEpcisMember => ProfileElements.EpcisMembers.Contains(Paths[0]);
}

/// <summary>
/// A field that marks an event as this critical tracking event without an explicit sy:category: present, or (Name=value|value)
/// holding one of the values.
/// </summary>
public sealed record ProfileMarker(string Name, IReadOnlyList<string>? Values = null)
{
    public static ProfileMarker Parse(string text)
    {
        var equals = text.IndexOf('=');
        return equals < 0 ? new(text) : new(text[..equals], text[(equals + 1)..].Split('|'));
    }

    public override string ToString() => Values is null ? Name : Name + "=" + string.Join("|", Values);
}

/// <summary>
/// A critical tracking event of a category: its business step (a CBV 2.0 bare word or a full IRI), event type and action
/// when they matter, the markers that identify it without sy:category (none: only by sy:category), and its key data elements.
/// </summary>
public sealed record ProfileEvent(string Code, string NameZh, string NameEn, string BizStep, string? EventType, string? Action,
    IReadOnlyList<ProfileMarker> Markers, IReadOnlyList<ProfileElement> Elements);

/// <summary>What a category's chain must record, event by event (the platform's reading of the rules named in <see cref="Basis"/>).</summary>
public sealed record CategoryProfile(string Category, string NameZh, string NameEn, string Basis, IReadOnlyList<ProfileEvent> Events);

/// <summary>Shorthands for writing profiles as data.</summary>
internal static class ProfileElements
{
    public static readonly IReadOnlySet<string> EpcisMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "epcList", "quantityList", "parentID", "childEPCs", "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList",
        "outputQuantityList", "bizLocation", "readPoint", "bizTransactionList", "sourceList", "destinationList", "disposition",
    };

    public static ProfileElement Req(string paths, string zh, string en) => new(paths.Split(','), Requirement.Required, zh, en);

    public static ProfileElement Rec(string paths, string zh, string en) => new(paths.Split(','), Requirement.Recommended, zh, en);

    public static ProfileEvent Step(string code, string zh, string en, string bizStep, string? type, string? action, string markers, params ProfileElement[] elements) =>
        new(code, zh, en, bizStep, type, action, markers.Length == 0 ? [] : [.. markers.Split(';').Select(ProfileMarker.Parse)], elements);
}
