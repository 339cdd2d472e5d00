using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Scalar.AspNetCore;
using Suyuan.Features.Accounts;
using Suyuan.Features.Alerts;
using Suyuan.Features.Capture;
using Suyuan.Features.Equipment;
using Suyuan.Features.Dashboard;
using Suyuan.Features.Events;
using Suyuan.Features.Home;
using Suyuan.Features.Profiles;
using Suyuan.Features.PublicTrace;
using Suyuan.Features.Queries;
using Suyuan.Features.Recall;
using Suyuan.Features.Registry;
using Suyuan.Features.Recording;
using Suyuan.Features.Rules;
using Suyuan.Features.Trace;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Alerts;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Hosting;

/// <summary>Builds the web application: the table of contents of the platform's features.</summary>
public static class SuyuanApp
{
    public static WebApplication Create(ServeOptions options, string[]? args = null, Action<IServiceCollection>? configureServices = null)
    {
        // Settings are read once at start. Reloading them on change would watch the working folder and everything under it
        // (the default ./data included) for changes, and the database's own writes would keep that watcher busy.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. args ?? [], "--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // The capture file-size limit is the document's length (decompressed), counted by the capture itself; Kestrel's
            // own limit counts the chunked framing too, so it sits above it, only to stop a runaway upload.
            k.Limits.MaxRequestBodySize = 2 * options.CaptureFileSizeLimit + 1;
            // A query may name up to 1,000 identifiers (EpcisQuery.MaxIdentifiers): 1,000 UUID eventIDs are about 46 KB of URL,
            // past Kestrel's 8 KB default. Kestrel answers a longer line with a bare 414 before any middleware runs, so its
            // limit is well above the repository's own (RequestText.MaxUrlLength), which is answered with the binding's problem body.
            // (Kestrel's request buffer, 1 MB by default, must hold the request line and headers.)
            k.Limits.MaxRequestLineSize = 512 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 512 * 1024 + 32 * 1024;
            k.Limits.Http2.MaxRequestHeaderFieldSize = 512 * 1024;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Session keys live in the data folder, protected by its file permissions like the database beside them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddSingleton(options);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblems.Describe);
        // Capture documents may be sent compressed (Content-Encoding gzip, deflate or br): the size limit applies to what
        // they decompress to, counted as it is read. Query results are compressed for clients that accept it.
        builder.Services.AddRequestDecompression();
        builder.Services.AddResponseCompression(o =>
        {
            o.MimeTypes = ["application/json", "application/ld+json", "application/problem+json"];
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
        });
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Suyuan EPCIS 2.0 repository";
            doc.Info.Description = "GS1 EPCIS 2.0 capture and query (REST binding) of the Suyuan traceability platform.";
            return Task.CompletedTask;
        }));
        // Parameters that cannot be bound (a number that is not one, a JSON body of the wrong shape) throw, so that their
        // problem names the parameter or field (FrameworkProblems) instead of a bare 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.CaptureFileSizeLimit);
        builder.Services.AddSingleton<IEventStore>(_ => OpenStore(options));
        builder.Services.AddSingleton<CaptureService>();
        builder.Services.AddHostedService<CaptureWorker>();
        builder.Services.AddSingleton(sp => FeatureDatabase.Of(sp.GetRequiredService<IEventStore>()));
        builder.Services.AddSingleton<Features.Events.PageTokenSeal>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<IEventProjection, DeclaredEventAlerts>();
        builder.Services.AddSingleton<DeclaredEvents>();
        builder.Services.AddSingleton<ProjectionRunner>();
        builder.Services.AddHostedService<ProjectionWorker>();
        builder.Services.AddPublicTrace();
        builder.Services.AddRegistry();
        builder.Services.AddEquipment();
        builder.Services.AddAccessControl(options);
        builder.Services.AddFoodRules();
        builder.Services.AddSingleton<IDashboardFacts, RegistryDashboardFacts>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.GetRequiredService<IEventStore>(); // open and migrate the store at start, not on the first request
        // HEAD is GET without the body (RFC 9110 §9.3.2): routed as GET, so every resource that answers GET answers HEAD with
        // the same status and headers. Kestrel sends no body for a HEAD request whatever the endpoint writes.
        app.Use((http, next) =>
        {
            if (HttpMethods.IsHead(http.Request.Method))
            {
                http.Request.Method = HttpMethods.Get;
                http.Response.Body = Stream.Null;
            }
            return next(http);
        });
        app.CheckRequestText();
        app.UseRouting();
        // Client faults are answered as problems without an error in the log; everything else is logged with its trace id.
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor, SuppressDiagnosticsCallback = c => StatusFor(c.Exception) < 500 });
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.RememberContentEncoding();
        app.UseRequestDecompression();
        app.CheckDecodedBodies();
        // Authentication runs inside the exception handler (left to itself it would run first): a failure there is a problem body too.
        app.UseAuthentication();
        app.UseAccessControl();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Suyuan API"));
        app.MapHomePage();
        app.MapCaptureApi();
        app.MapEventsApi();
        app.MapQueriesApi();
        app.MapTraceApi();
        app.MapRecallApi();
        app.MapRecallRegistryApi();
        app.MapPublicTraceApi();
        app.MapAlertsApi();
        app.MapRegistryApi();
        app.MapRecordingApi();
        app.MapEquipmentApi();
        app.MapSessionApi().MapKeysApi().MapAccountsApi().MapAuditApi();
        app.MapProfilesApi();
        app.MapDashboard();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        return app;
    }

    /// <summary>One setting picks the store: a PostgreSQL connection string, or else SQLite in the data folder. Migrations run here.</summary>
    internal static IEventStore OpenStore(ServeOptions options)
    {
        if (options.PostgresConnectionString is { } postgres)
        {
            return PostgresEventStore.OpenAsync(postgres, Console.Error.WriteLine).GetAwaiter().GetResult();
        }
        System.IO.Directory.CreateDirectory(options.DataDirectory);
        return SqliteEventStore.OpenAsync(options.DataDirectory, Console.Error.WriteLine).GetAwaiter().GetResult();
    }

    /// <summary>Client faults that surface as exceptions (malformed bodies, oversized requests) are 4xx, never 500.</summary>
    private static int StatusFor(Exception e) => e switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => 499,
        // A value PostgreSQL's text cannot hold (NUL) that no check before the store caught: the client's, not the server's;
        // the statement failed, so nothing of the request was written.
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
