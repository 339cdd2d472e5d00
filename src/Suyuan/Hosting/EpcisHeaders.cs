namespace Suyuan.Hosting;

/// <summary>The response headers every EPCIS 2.0 REST endpoint carries.</summary>
internal static class EpcisHeaders
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<ServeOptions>();
        var headers = http.Response.Headers;
        headers["GS1-EPCIS-Version"] = "2.0.0";
        headers["GS1-CBV-Version"] = "2.0.0";
        headers["GS1-EPCIS-Min"] = "2.0.0";
        headers["GS1-EPCIS-Max"] = "2.0.0";
        headers["GS1-CBV-Min"] = "2.0.0";
        headers["GS1-CBV-Max"] = "2.0.0";
        headers["GS1-Vendor-Version"] = "suyuan/" + (typeof(EpcisHeaders).Assembly.GetName().Version?.ToString(3) ?? "0");
        headers["GS1-EPCIS-Capture-Limit"] = options.CaptureEventLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["GS1-EPCIS-Capture-File-Size-Limit"] = options.CaptureFileSizeLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await next(context);
    }
}
