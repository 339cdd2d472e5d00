using Suyuan.Core.Identifiers;

namespace Suyuan.Features.Recording;

/// <summary>The enterprise recording: the location where its events happen, and the region its new trace codes are issued in.</summary>
internal sealed record RecordingActor(string Location, string Region)
{
    /// <summary>The form field that names the location until logins do.</summary>
    public const string LocationField = "location";

    /// <summary>Nantong's GB/T 2260 prefecture code: trace codes issued here begin with it.</summary>
    public const string DefaultRegion = "3206";

    public static readonly RecordField Field = new(LocationField, "经营场所编码", "Location (GLN)", FieldKind.Text, true, "urn:epc:id:sgln:6923456.00001.0")
    {
        Hint = ("摊位或门店的 GLN（13 位）或 SGLN", "The stall's or shop's GLN (13 digits) or SGLN URI"),
    };

    /// <summary>
    /// The one place that says who is recording. For now the location comes from the request's <c>location</c> field;
    /// access control replaces this with the logged-in enterprise's location (and may keep the field to pick among its sites).
    /// </summary>
    public static Task<(RecordingActor? Actor, FieldError? Error)> ResolveAsync(HttpContext http, IReadOnlyDictionary<string, string> fields)
    {
        _ = http; // the seam: the session's enterprise will be read from here
        fields.TryGetValue(LocationField, out var given);
        var location = given?.Trim() ?? "";
        if (location.Length == 0)
        {
            return Task.FromResult<(RecordingActor?, FieldError?)>((null, new(LocationField, "请填写经营场所编码（GLN）", "location is required: the GLN or SGLN of where this happens")));
        }
        var uri = LocationUri(location);
        return Task.FromResult<(RecordingActor?, FieldError?)>(uri is null
            ? (null, new(LocationField, "经营场所编码不是有效的 GLN（13 位，校验位正确）或 SGLN", $"'{location}' is not a GLN (13 digits with a valid check digit) or an SGLN URI"))
            : (new RecordingActor(uri, DefaultRegion), null));
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
