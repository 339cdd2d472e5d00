using System.Net;
using Suyuan.Features.Events;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;

namespace Suyuan.Features.Home;

/// <summary>The landing page: what this server offers and where to start (zh-CN first, English beside it).</summary>
internal static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Render).ExcludeFromDescription();
        // OPTIONS on the root: the server's EPCIS versions and capture limits, in the headers the filter writes.
        DiscoveryApi.MapOptions(app.MapGroup("").AddEndpointFilter(EpcisHeaders.Filter), "/", "OPTIONS, GET");
        return app;
    }

    /// <summary>The EPCIS 2.0 REST binding's top-level resources, for a client that asks the root for JSON.</summary>
    internal static readonly string[] TopLevelResources = ["queries", "capture", "events", "eventTypes", "epcs", "readPoints", "bizLocations", "dispositions", "bizSteps"];

    private static async Task<IResult> Render(HttpRequest request, IEventStore store, CancellationToken ct)
    {
        if (EpcisHeaders.PrefersJson(request.Headers.Accept))
        {
            EpcisHeaders.Write(request.HttpContext);
            EpcisHeaders.NegotiateJsonLd(request.HttpContext);
            return TypedResults.Ok(new ResourceCollection(TopLevelResources));
        }
        // Capture jobs span every enterprise: the landing page lists them to regulators and admins only.
        var actor = request.HttpContext.Actor();
        var seesJobs = actor.IsAdmin || actor.IsRegulator;
        var jobs = seesJobs ? await store.ListJobsAsync(5, ct) : [];
        var rows = string.Concat(jobs.Select(j =>
            $"<tr><td><a href=\"/capture/{WebUtility.HtmlEncode(j.Id)}\">{WebUtility.HtmlEncode(j.Id[..Math.Min(8, j.Id.Length)])}</a></td><td>{j.Status.ToString().ToLowerInvariant()}</td><td>{j.EventsStored:N0}</td><td>{j.CreatedAt:yyyy-MM-dd HH:mm}</td></tr>"));
        var recent = !seesJobs
            ? "<p class=\"muted\">最近的采集任务仅对监管部门和管理员显示，请先<a href=\"/login\">登录</a>。<br>Recent capture jobs are shown to regulators and admins: <a href=\"/login\">sign in</a>.</p>"
            : jobs.Count == 0
            ? "<p class=\"muted\">还没有采集任务。用任何 EPCIS 2.0 客户端向 <code>POST /capture</code> 发送文档。<br>No capture jobs yet: send an EPCISDocument to <code>POST /capture</code> with any EPCIS 2.0 client.</p>"
            : $"<table><thead><tr><th>任务 Job</th><th>状态 Status</th><th>事件 Events</th><th>时间 Created (UTC)</th></tr></thead><tbody>{rows}</tbody></table>";
        var html = $$"""
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>溯源 Suyuan · 重要产品追溯平台</title>
            <style>
              body { font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
              header { background: #0b6e4f; color: #fff; padding: 1.25rem 1rem; }
              header h1 { margin: 0; font-size: 1.5rem; }
              header p { margin: .25rem 0 0; opacity: .9; }
              main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
              section { background: #fff; border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
              h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
              a { color: #0b6e4f; }
              ul { padding-left: 1.2rem; margin: 0; }
              code { background: #eef2f5; padding: 0 .25rem; border-radius: .25rem; font-size: .9em; word-break: break-all; }
              table { width: 100%; border-collapse: collapse; font-size: .9rem; }
              th, td { text-align: left; padding: .35rem .25rem; border-bottom: 1px solid #e4e7eb; }
              .muted { color: #616e7c; }
              .en { color: #616e7c; font-size: .9em; }
            </style>
            </head>
            <body>
            <header>
              <h1>溯源 Suyuan</h1>
              <p>重要产品追溯平台 · Important-product traceability platform (GS1 EPCIS 2.0)</p>
            </header>
            <main>
              <section>
                <h2>接口 <span class="en">API</span></h2>
                <ul>
                  <li><a href="/scalar">接口参考文档</a> <span class="en">API reference</span></li>
                  <li><a href="/openapi/v1.json">OpenAPI 文档</a> <span class="en">OpenAPI document</span></li>
                  <li><code>POST /capture</code> 采集 EPCIS 文档 <span class="en">capture an EPCISDocument</span> · <a href="/capture">采集任务 capture jobs</a></li>
                  <li><a href="/record">简易记录</a> <span class="en">simple recording for stalls, farms, dealers and pharmacies</span></li>
                  <li><a href="/events?perPage=20">查询事件</a> <span class="en">query events</span> — 例如 <code>/events?MATCH_anyEPC=urn:epc:id:sgtin:…</code></li>
                  <li><a href="/health">运行状态</a> <span class="en">health</span></li>
                </ul>
              </section>
              <section>
                <h2>最近的采集 <span class="en">Recent captures</span></h2>
                {{recent}}
              </section>
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }
}
