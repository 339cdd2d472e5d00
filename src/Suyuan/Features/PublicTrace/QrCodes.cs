using QRCoder;
using Suyuan.Core.Identifiers;

namespace Suyuan.Features.PublicTrace;

/// <summary>
/// QR images for labels and receipts (error correction M, a 4-module quiet zone): a trace code's public URL, or a GS1 Digital Link.
/// Only those: the platform does not print QR codes for arbitrary URLs.
/// </summary>
internal static class QrCodes
{
    private const int DefaultScale = 8;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/qr/{code}.png", (string code, int? scale, HttpContext http, PublicTraceOptions options) => ForCode(code, "png", scale, http, options))
            .WithSummary("QR (PNG) of a trace code's public URL /t/{code}; scale = pixels per module (1–40, default 8)");
        group.MapGet("/qr/{code}.svg", (string code, int? scale, HttpContext http, PublicTraceOptions options) => ForCode(code, "svg", scale, http, options))
            .WithSummary("QR (SVG) of a trace code's public URL /t/{code}");
        group.MapGet("/qr", ForData).WithSummary("QR of a GS1 Digital Link or a /t/ URL: ?data=<url>&format=png|svg&scale=");
    }

    /// <summary>The public URL a code's QR carries: the configured base URL, else the request's own.</summary>
    public static string PublicUrl(string digits, HttpRequest request, PublicTraceOptions options) =>
        BaseUrl(request, options) + "/t/" + digits;

    private static string BaseUrl(HttpRequest request, PublicTraceOptions options) =>
        (options.BaseUrl ?? $"{request.Scheme}://{request.Host.Value}").TrimEnd('/');

    private static IResult ForCode(string code, string format, int? scale, HttpContext http, PublicTraceOptions options)
    {
        var check = PlatformTraceCode.Validate(code);
        if (!check.IsValid)
        {
            return Hosting.Problems.BadRequest(check.Reason!, "/code");
        }
        if (scale is < 1 or > MaxScale)
        {
            return Hosting.Problems.BadRequest($"scale is the pixels per module, from 1 to {MaxScale}", "/scale");
        }
        return Image(PublicUrl(check.Code!.Digits, http.Request, options), format, scale);
    }

    private static IResult ForData(string? data, string? format, int? scale, HttpContext http, PublicTraceOptions options)
    {
        var output = (format ?? "png").Trim().ToLowerInvariant();
        if (output is not ("png" or "svg"))
        {
            return Hosting.Problems.BadRequest("format must be png or svg", "/format");
        }
        if (string.IsNullOrWhiteSpace(data))
        {
            return Hosting.Problems.BadRequest("data is required: a GS1 Digital Link or this platform's /t/ URL", "/data");
        }
        var ours = BaseUrl(http.Request, options) + "/t/";
        if (data.StartsWith(ours, StringComparison.Ordinal))
        {
            if (!PlatformTraceCode.Validate(data[ours.Length..]).IsValid)
            {
                return Hosting.Problems.BadRequest("the /t/ URL does not end in a valid trace code", "/data");
            }
        }
        else if (DigitalLink.Parse(data) is { Success: false } parsed)
        {
            return Hosting.Problems.BadRequest($"data is not a GS1 Digital Link: {parsed.Error}", "/data");
        }
        if (scale is < 1 or > MaxScale)
        {
            return Hosting.Problems.BadRequest($"scale is the pixels per module, from 1 to {MaxScale}", "/scale");
        }
        try
        {
            return Image(data, output, scale);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            return Hosting.Problems.BadRequest($"data is too long for a QR code ({System.Text.Encoding.UTF8.GetByteCount(data):N0} bytes; at error correction M one holds at most 2,331)", "/data");
        }
    }

    private const int MaxScale = 40;

    internal static IResult Image(string text, string format, int? scale)
    {
        var pixels = Math.Clamp(scale ?? DefaultScale, 1, MaxScale);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return format == "svg"
            ? TypedResults.Text(new SvgQRCode(data).GetGraphic(pixels, "#000000", "#ffffff", drawQuietZones: true), "image/svg+xml")
            : TypedResults.File(new PngByteQRCode(data).GetGraphic(pixels, drawQuietZones: true), "image/png");
    }
}
