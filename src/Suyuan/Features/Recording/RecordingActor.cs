using Suyuan.Core.Identifiers;
using Suyuan.Features.Registry;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Directory;

namespace Suyuan.Features.Recording;

/// <summary>The enterprise recording: the location where its events happen, and the region its new trace codes are issued in.</summary>
internal sealed record RecordingActor(string Location, string Region)
{
    /// <summary>The form field that names the location until logins do.</summary>
    public const string LocationField = "location";

    /// <summary>Nantong's GB/T 2260 prefecture code: trace codes issued here begin with it.</summary>
    public const string DefaultRegion = "3206";

    public static readonly RecordField Field = new(LocationField, "经营场所编码", "Location (GLN)", FieldKind.Text, false, "urn:epc:id:sgln:6923456.00001.0")
    {
        Hint = ("摊位或门店的 GLN（13 位）或 SGLN；留空则为本企业登记的第一个场所", "The stall's or shop's GLN (13 digits) or SGLN URI; empty: your enterprise's first registered location"),
    };

    /// <summary>
    /// The one place that says who is recording. An enterprise records at one of its registered locations: the
    /// <c>location</c> field picks among them (its first one when left empty) and any other location is refused.
    /// Admins (bulk entry for others) name any location.
    /// </summary>
    public static async Task<(RecordingActor? Actor, FieldError? Error)> ResolveAsync(HttpContext http, IReadOnlyDictionary<string, string> fields)
    {
        var actor = http.Actor();
        fields.TryGetValue(LocationField, out var given);
        var location = given?.Trim() ?? "";
        IReadOnlySet<string>? own = null;
        if (actor.IsEnterprise && actor.Enterprise is { } uscc)
        {
            own = await http.RequestServices.GetRequiredService<IEnterpriseDirectory>().IdsOfAsync(uscc, http.RequestAborted);
            if (location.Length == 0 && own.Where(i => i.Contains("/414/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault() is { } first)
            {
                return (new RecordingActor(first, DefaultRegion), null);
            }
        }
        if (location.Length == 0)
        {
            return (null, new(LocationField, "请填写经营场所编码（GLN）", "location is required: the GLN or SGLN of where this happens"));
        }
        var uri = LocationUri(location);
        if (uri is null)
        {
            return (null, new(LocationField, "经营场所编码不是有效的 GLN（13 位，校验位正确）或 SGLN", $"'{location}' is not a GLN (13 digits with a valid check digit) or an SGLN URI"));
        }
        if (own is not null && !own.Contains(EnterpriseRules.Canonical(uri)))
        {
            return (null, new(LocationField, "该经营场所不属于本企业", $"'{location}' is not a registered location of enterprise {actor.Enterprise}; an enterprise records only at its own locations"));
        }
        return (new RecordingActor(uri, DefaultRegion), null);
    }

    /// <summary>An SGLN URI as given; a 13-digit GLN or a Digital Link as its canonical GS1 Digital Link (/414/).</summary>
    private static string? LocationUri(string location)
    {
        if (location.StartsWith("urn:epc:id:sgln:", StringComparison.Ordinal))
        {
            return EpcUri.ToElements(location) is null ? null : location;
        }
        if (location.Length == 13 && Gs1CheckDigit.IsValid(location))
        {
            return IdentifierConverter.Canonicalise("https://id.gs1.org/414/" + location);
        }
        if (location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && location.Contains("/414/", StringComparison.Ordinal))
        {
            var canonical = IdentifierConverter.Canonicalise(location);
            return canonical == location && !canonical.StartsWith(DigitalLink.CanonicalStem, StringComparison.Ordinal) ? null : canonical;
        }
        return null;
    }
}
