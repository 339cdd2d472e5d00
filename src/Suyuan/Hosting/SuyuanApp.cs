using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Scalar.AspNetCore;

namespace Suyuan.Hosting;

/// <summary>Builds the web application: the table of contents of the platform's features.</summary>
public static class SuyuanApp
{
    public static WebApplication Create(ServeOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.CaptureFileSizeLimit + 1);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Services.AddSingleton(options);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Suyuan EPCIS 2.0 repository";
            doc.Info.Description = "GS1 EPCIS 2.0 capture and query (REST binding) of the Suyuan traceability platform.";
            return Task.CompletedTask;
        }));
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.CaptureFileSizeLimit);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Suyuan API"));
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        return app;
    }

    /// <summary>Client faults that surface as exceptions (malformed bodies, oversized requests) are 4xx, never 500.</summary>
    private static int StatusFor(Exception e) => e switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => 499,
        _ => StatusCodes.Status500InternalServerError,
    };
}
