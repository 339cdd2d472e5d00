using System.Text.Json;
using Suyuan.Core.Domain;
using Suyuan.Core.Epcis;

namespace Suyuan.Core.Profiles;

/// <summary>The critical tracking event an event was recognised as, and how (explicit sy:category or its markers).</summary>
public sealed record ProfileMatch(CategoryProfile Profile, ProfileEvent Event, bool Explicit);

/// <summary>
/// Recognises an event's category and checks it against the profile: an explicit sy:category picks the category (then the
/// business step, and the markers present, pick the event); without it an event is recognised only by a profile event's
/// business step and all its markers. Events of no category are not checked.
/// </summary>
public static class ProfileCheck
{
    public const string MissingRequiredRule = "profile-required";
    public const string MissingRecommendedRule = "profile-recommended";
    public const string UnknownCategoryRule = "profile-category";

    /// <summary>The problems of one event (pointer = the event's JSON pointer): errors for required elements, warnings for recommended ones.</summary>
    public static IReadOnlyList<ValidationProblem> Check(JsonElement evt, EpcisContext context, string pointer)
    {
        if (evt.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var fields = new PlatformFields(evt, context);
        var declared = fields.Category;
        if (declared is not null && CategoryProfiles.Find(declared) is null && Categories.Find(declared) is null)
        {
            return [new(pointer + "/" + fields.PointerName(SuyuanVocabulary.CategoryField), UnknownCategoryRule,
                $"unknown category '{declared}'; one of {string.Join(", ", Categories.All.Select(c => c.Code))}")];
        }
        var match = Match(fields);
        if (match is null)
        {
            return [];
        }
        var problems = new List<ValidationProblem>();
        foreach (var element in match.Event.Elements)
        {
            if (element.Paths.Any(fields.Has))
            {
                continue;
            }
            var required = element.Requirement == Requirement.Required;
            var what = $"{match.Profile.Category} {match.Event.Code} ({match.Event.NameZh})";
            problems.Add(new(pointer + "/" + fields.PointerOf(element.Paths[0]), required ? MissingRequiredRule : MissingRecommendedRule,
                required
                    ? $"{element.NameEn} ({element.NameZh}) is required for {what}: send {string.Join(" or ", element.Paths)}"
                    : $"{element.NameEn} ({element.NameZh}) is recommended for {what}",
                IsWarning: !required));
        }
        return problems;
    }

    /// <summary>The profile event an event is recognised as, or null when it belongs to no category.</summary>
    public static ProfileMatch? Classify(JsonElement evt, EpcisContext context) => evt.ValueKind == JsonValueKind.Object ? Match(new PlatformFields(evt, context)) : null;

    private static ProfileMatch? Match(PlatformFields fields)
    {
        var bizStep = BizStepOf(fields.Event);
        if (bizStep is null)
        {
            return null;
        }
        var type = fields.Event.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var action = fields.Event.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        bool Fits(ProfileEvent e) => e.BizStep == bizStep && (e.EventType is null || e.EventType == type) && (e.Action is null || e.Action == action);
        if (fields.Category is { } declared)
        {
            var profile = CategoryProfiles.Find(declared);
            if (profile is null)
            {
                return null;
            }
            // The event whose markers are most present; the first listed on a tie.
            var best = profile.Events.Where(Fits).Select((e, i) => (Event: e, Score: e.Markers.Count(m => fields.Has(m.Name)), Order: i))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Order).Select(x => x.Event).FirstOrDefault();
            return best is null ? null : new(profile, best, true);
        }
        foreach (var profile in CategoryProfiles.All)
        {
            foreach (var e in profile.Events)
            {
                if (e.Markers.Count > 0 && Fits(e) && AllMatch(e.Markers, fields))
                {
                    return new(profile, e, false);
                }
            }
        }
        return null;
    }

    // A loop rather than Markers.All(fields.Matches): this runs for every profile event of every captured event, and a
    // bound method group is a new delegate each time.
    private static bool AllMatch(IEnumerable<ProfileMarker> markers, PlatformFields fields)
    {
        foreach (var marker in markers)
        {
            if (!fields.Matches(marker))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A CBV business step as its bare word (shipping), or the IRI for other vocabularies.</summary>
    public static string? BizStepOf(JsonElement evt)
    {
        if (!evt.TryGetProperty("bizStep", out var b) || b.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var step = b.GetString()!;
        foreach (var stem in (ReadOnlySpan<string>)["https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:", "cbv:BizStep-"])
        {
            if (step.StartsWith(stem, StringComparison.Ordinal))
            {
                return step[stem.Length..];
            }
        }
        return step;
    }
}

/// <summary>An event's platform fields (namespace <see cref="SuyuanVocabulary.Namespace"/>): top level, ILMD and nested objects, by local name.</summary>
public sealed class PlatformFields
{
    private readonly Dictionary<string, JsonElement> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _topLevel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _ilmd = new(StringComparer.Ordinal);
    private readonly string _prefix;
    private readonly EpcisContext _context;

    public PlatformFields(JsonElement evt, EpcisContext context)
    {
        Event = evt;
        _context = context;
        _prefix = context.Prefixes.FirstOrDefault(p => p.Value == SuyuanVocabulary.Namespace).Key ?? SuyuanVocabulary.Prefix;
        Collect(evt, _topLevel, true);
        if (evt.TryGetProperty("ilmd", out var ilmd) && ilmd.ValueKind == JsonValueKind.Object)
        {
            Collect(ilmd, _ilmd, true);
        }
        Category = _topLevel.TryGetValue(SuyuanVocabulary.CategoryField, out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
    }

    public JsonElement Event { get; }

    public string? Category { get; }

    public bool InIlmd(string name) => _ilmd.ContainsKey(name) && !_topLevel.ContainsKey(name);

    public bool Has(string path)
    {
        if (ProfileElements.EpcisMembers.Contains(path))
        {
            return Event.TryGetProperty(path, out var member) && Present(member);
        }
        var parts = path.Split('/');
        if (parts.Length == 1)
        {
            return _byName.TryGetValue(path, out var found) && Present(found);
        }
        foreach (var root in (ReadOnlySpan<Dictionary<string, JsonElement>>)[_topLevel, _ilmd])
        {
            if (root.TryGetValue(parts[0], out var node) && Walk(node, parts.AsSpan(1)) is { } leaf && Present(leaf))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The text of a field (a string as it is, a number or boolean as JSON), by local name or nested path; null when absent.</summary>
    public string? Text(string path)
    {
        JsonElement? value = null;
        var parts = path.Split('/');
        if (parts.Length == 1)
        {
            value = _byName.TryGetValue(path, out var found) ? found : null;
        }
        else
        {
            foreach (var root in (ReadOnlySpan<Dictionary<string, JsonElement>>)[_topLevel, _ilmd])
            {
                if (root.TryGetValue(parts[0], out var node) && Walk(node, parts.AsSpan(1)) is { } leaf)
                {
                    value = leaf;
                    break;
                }
            }
        }
        return value switch
        {
            { ValueKind: JsonValueKind.String } v when v.GetString()!.Trim().Length > 0 => v.GetString()!.Trim(),
            { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
            _ => null,
        };
    }

    public bool Matches(ProfileMarker marker)
    {
        if (!_byName.TryGetValue(marker.Name, out var value) || !Present(value))
        {
            return false;
        }
        return marker.Values is null || (value.ValueKind == JsonValueKind.String && marker.Values.Contains(value.GetString()!));
    }

    /// <summary>Where a missing element belongs, as a JSON pointer tail: ilmd/sy:certificate/sy:number, sy:voucherNumber, bizLocation.</summary>
    public string PointerOf(string path)
    {
        if (ProfileElements.EpcisMembers.Contains(path))
        {
            return path;
        }
        var parts = path.Split('/');
        var tail = string.Join("/", parts.Select(PointerName));
        // Absent everywhere: an event that carries lot master data (ilmd) is taken to keep it there.
        return InIlmd(parts[0]) || (!_topLevel.ContainsKey(parts[0]) && Event.TryGetProperty("ilmd", out _)) ? "ilmd/" + tail : tail;
    }

    public string PointerName(string localName) => _prefix + ":" + localName;

    private JsonElement? Walk(JsonElement node, ReadOnlySpan<string> rest)
    {
        if (rest.Length == 0)
        {
            return node;
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var children = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Collect(node, children, false);
        return children.TryGetValue(rest[0], out var child) ? Walk(child, rest[1..]) : null;
    }

    private void Collect(JsonElement container, Dictionary<string, JsonElement> into, bool index)
    {
        foreach (var member in container.EnumerateObject())
        {
            if (LocalName(member.Name) is not { } local)
            {
                continue;
            }
            into.TryAdd(local, member.Value);
            if (index)
            {
                _byName.TryAdd(local, member.Value);
                if (member.Value.ValueKind == JsonValueKind.Object)
                {
                    Collect(member.Value, new Dictionary<string, JsonElement>(StringComparer.Ordinal), true);
                }
            }
        }
    }

    /// <summary>The local name of a member in the platform namespace (prefixed or a full IRI), else null.</summary>
    private string? LocalName(string name)
    {
        if (name.StartsWith(SuyuanVocabulary.Namespace, StringComparison.Ordinal))
        {
            return name[SuyuanVocabulary.Namespace.Length..];
        }
        var colon = name.IndexOf(':');
        return colon > 0 && _context.Prefixes.TryGetValue(name[..colon], out var iri) && iri == SuyuanVocabulary.Namespace ? name[(colon + 1)..] : null;
    }

    private static bool Present(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String => value.GetString()!.Trim().Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => true,
    };
}
