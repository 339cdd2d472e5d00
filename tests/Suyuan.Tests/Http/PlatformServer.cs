using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Suyuan.Hosting;

namespace Suyuan.Tests.Http;

/// <summary>The real platform on Kestrel, on a free loopback port, with its own data folder (and its own PostgreSQL database when asked).</summary>
public sealed class PlatformServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly Func<Task>? _dropDatabase;

    private PlatformServer(WebApplication app, string dataDirectory, Func<Task>? dropDatabase)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _dropDatabase = dropDatabase;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server on SQLite, or on a fresh PostgreSQL database when <paramref name="provider"/> is "postgres".</summary>
    public static async Task<PlatformServer> StartAsync(string provider = "sqlite", Func<ServeOptions, ServeOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "suyuan-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        string? postgres = null;
        Func<Task>? drop = null;
        if (provider == "postgres")
        {
            (postgres, drop) = await TestDatabases.CreatePostgresAsync();
        }
        var options = new ServeOptions { Urls = "http://127.0.0.1:0", DataDirectory = data, PostgresConnectionString = postgres };
        options = configure?.Invoke(options) ?? options;
        var app = SuyuanApp.Create(options, configureServices: services);
        await app.StartAsync();
        return new PlatformServer(app, data, drop);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_dropDatabase is not null)
        {
            await _dropDatabase();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task; the OS temp cleaner will get it.
        }
    }
}
