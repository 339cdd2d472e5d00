using Suyuan.Core.Identifiers;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Trace;

/// <summary>
/// What the trace and recall APIs accept as an identifier, brought to the form lineage is keyed by:
/// EPC URNs (id and class) and GS1 Digital Links (any host) → canonical Digital Link on id.gs1.org;
/// a platform trace code (20 digits, spaces allowed, check digit verified) → urn:suyuan:trace:{digits}, the form events carry it in
/// epcList/quantityList; an ear tag (15 digits: species 1–3, county, serial) → urn:suyuan:eartag:{digits}; any other absolute URI as given.
/// </summary>
internal static class TraceIds
{
    public const string EarTagPrefix = "urn:suyuan:eartag:";

    private static readonly DigitalLinkOptions Lenient = new() { PermitConvenienceAlphas = true, PermitZeroSuppressedGtin = true };

    public static bool TryCanonicalise(string? input, out string canonical, out string error)
    {
        canonical = "";
        var id = input?.Trim() ?? "";
        if (id.Length == 0)
        {
            error = "id is required: an EPC URI, a lot (class) URI, a GS1 Digital Link or a platform trace code";
            return false;
        }
        if (id.StartsWith(EarTagPrefix, StringComparison.Ordinal) || (id.Length == EarTagLength && id.All(char.IsAsciiDigit)))
        {
            var tag = id.StartsWith(EarTagPrefix, StringComparison.Ordinal) ? id[EarTagPrefix.Length..] : id;
            if (!IsEarTag(tag))
            {
                error = $"'{tag}' is not an ear tag: 15 digits, species 1 (pig), 2 (cattle) or 3 (sheep), a 6-digit county code, an 8-digit serial";
                return false;
            }
            canonical = EarTagPrefix + tag;
            error = "";
            return true;
        }
        if (id.StartsWith(IdentifierKinds.TraceCodePrefix, StringComparison.Ordinal) || id.All(c => char.IsAsciiDigit(c) || c is ' ' or '-'))
        {
            var code = PlatformTraceCode.Validate(id.StartsWith(IdentifierKinds.TraceCodePrefix, StringComparison.Ordinal) ? id[IdentifierKinds.TraceCodePrefix.Length..] : id);
            if (code.Code is null)
            {
                error = code.Reason!;
                return false;
            }
            canonical = IdentifierKinds.TraceCodePrefix + code.Code.Digits;
            error = "";
            return true;
        }
        if (id.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            if (EpcUri.ToElements(id) is null)
            {
                error = $"'{id}' is not a valid EPC URI";
                return false;
            }
        }
        else if (id.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || id.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var parsed = DigitalLink.Parse(id, Lenient);
            if (!parsed.Success)
            {
                error = $"'{id}' is not a valid GS1 Digital Link: {parsed.Error}";
                return false;
            }
        }
        else if (!Uri.TryCreate(id, UriKind.Absolute, out _))
        {
            error = $"'{id}' is not an identifier: give an EPC URI, a GS1 Digital Link, a URI or a platform trace code";
            return false;
        }
        canonical = IdentifierConverter.Canonicalise(id);
        error = "";
        return true;
    }

    private const int EarTagLength = 15;

    /// <summary>An ear tag (畜禽标识): species 1–3, a GB/T 2260 county code, an 8-digit serial; it carries no check digit.</summary>
    public static bool IsEarTag(string tag) => tag.Length == EarTagLength && tag.All(char.IsAsciiDigit) && tag[0] is >= '1' and <= '3';
}
