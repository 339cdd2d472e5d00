using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Suyuan.Hosting;
using Suyuan.Storage.Accounts;

namespace Suyuan.Tests.Http;

/// <summary>The real platform on Kestrel, on a free loopback port, with its own data folder (and its own PostgreSQL database when asked).</summary>
public sealed class PlatformServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly Func<Task>? _dropDatabase;

    private readonly List<HttpClient> _clients = [];

    private PlatformServer(WebApplication app, string dataDirectory, Func<Task>? dropDatabase, string adminKey)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _dropDatabase = dropDatabase;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        AdminKey = adminKey;
        Client = NewClient(adminKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>A platform admin's API key, issued at start: what <see cref="Client"/> sends.</summary>
    public string AdminKey { get; }

    /// <summary>Signed in as a platform admin (API key): may do everything.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no credentials: what the public may do.</summary>
    public HttpClient AnonymousClient => NewClient(null);

    /// <summary>A client with a fresh API key of that role (scopes: the role's defaults).</summary>
    public async Task<HttpClient> ClientForAsync(string role, string? department = null, string? enterprise = null, IReadOnlyList<string>? scopes = null) =>
        NewClient(await IssueKeyAsync(role, department, enterprise, scopes));

    public Task<HttpClient> RegulatorClientAsync(string department) => ClientForAsync(Roles.Regulator, department: department);

    public Task<HttpClient> EnterpriseClientAsync(string uscc) => ClientForAsync(Roles.Enterprise, enterprise: uscc);

    /// <summary>Issues a key straight in the store, as <c>suyuan keys issue</c> does; returns the bearer token.</summary>
    public async Task<string> IssueKeyAsync(string role, string? department = null, string? enterprise = null, IReadOnlyList<string>? scopes = null)
    {
        var defaultScopes = role switch
        {
            Roles.Admin => Scopes.All,
            Roles.Enterprise => [Scopes.Capture, Scopes.Read],
            _ => (IReadOnlyList<string>)[Scopes.Read],
        };
        var issued = await _app.Services.GetRequiredService<ApiKeyStore>().IssueAsync(new NewApiKey(role, department, enterprise, scopes ?? defaultScopes, $"test {role}", "test"));
        return issued.Secret;
    }

    /// <summary>A client sending <paramref name="key"/> as its bearer token (none when null); disposed with the server.</summary>
    public HttpClient NewClient(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        lock (_clients)
        {
            _clients.Add(client);
        }
        return client;
    }

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
        var admin = await app.Services.GetRequiredService<ApiKeyStore>().IssueAsync(new NewApiKey(Roles.Admin, null, null, Scopes.All, "test admin", "test"));
        return new PlatformServer(app, data, drop, admin.Secret);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }
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
